import Testing

@testable import Mail

@Suite struct MailMessageTests {
    let message = MailMessage(
        from: "no-reply@todo.example", to: "ada@example.com", subject: "Reset your password",
        text: "Open this link:\r\n\r\nhttps://todo.example/reset-password?token=abc\n")

    @Test func rendersEveryHeaderThenTheText() {
        let text = String(decoding: message.rendered(date: 1_796_320_747, messageID: "1.2.ff"), as: UTF8.self)
        let (head, body) = (text.components(separatedBy: "\n\n")[0], text.components(separatedBy: "\n\n").dropFirst())
        #expect(
            head.split(separator: "\n") == [
                "From: no-reply@todo.example", "To: ada@example.com", "Subject: Reset your password",
                "Date: Thu, 03 Dec 2026 17:59:07 +0000", "Message-ID: <1.2.ff@todo.example>", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
            ])
        #expect(body.joined(separator: "\n\n") == "Open this link:\n\nhttps://todo.example/reset-password?token=abc\n")
        #expect(!text.contains("\r"))
    }

    @Test func headerValuesCannotAddHeaders() {
        var evil = message
        evil.to = "ada@example.com\nBcc: everyone@example.com"
        evil.subject = "Hi\r\nX-Injected: 1"
        let text = String(decoding: evil.rendered(date: 0, messageID: "x"), as: UTF8.self)
        let head = text.components(separatedBy: "\n\n")[0]
        #expect(!head.split(separator: "\n").contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Injected:") })
        #expect(head.contains("To: ada@example.com Bcc: everyone@example.com"))
    }

    @Test func nonASCIISubjectIsEncoded() {
        var french = message
        french.subject = "Réinitialiser"
        let text = String(decoding: french.rendered(date: 0, messageID: "x"), as: UTF8.self)
        #expect(text.contains("Subject: =?utf-8?B?UsOpaW5pdGlhbGlzZXI=?="))
    }

    @Test(arguments: [
        ("ada@example.com", "a…@example.com"), ("b@x.org", "b…@x.org"), ("nobody", "…"), ("@x.org", "…"),
    ])
    func redactedKeepsTheFirstLetterAndTheDomain(address: String, expected: String) {
        #expect(MailMessage.redacted(address) == expected)
    }

    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg==")])
    func base64MatchesRFC4648(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }
}

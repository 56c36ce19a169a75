import Testing

@testable import Accounts

@Suite struct PasswordHasherTests {
    let hasher = ServiceFixture.hasher

    @Test func verifiesHashesComputedByPython() throws {
        #expect(try hasher.verify(PasswordVectors.nonASCIIPassword, stored: PasswordVectors.nonASCIIHash))
        #expect(try hasher.verify("password1fi-Café", stored: PasswordVectors.nonASCIIHash))
        #expect(try hasher.verify(PasswordVectors.asciiPassword, stored: PasswordVectors.asciiHash))
    }

    @Test func refusesAWrongPassword() throws {
        #expect(!(try hasher.verify("password1fi-Cafe", stored: PasswordVectors.nonASCIIHash)))
        #expect(!(try hasher.verify("", stored: PasswordVectors.asciiHash)))
        #expect(!(try hasher.verify(PasswordVectors.asciiPassword + " ", stored: PasswordVectors.asciiHash)))
    }

    @Test func writesSaltHexColonKeyHex() throws {
        let stored = try hasher.hash("hunter2-hunter2")
        let parts = stored.split(separator: ":")
        #expect(parts.count == 2)
        #expect(parts[0].count == 32 && parts[1].count == 128)
        #expect(stored.allSatisfy { "0123456789abcdef:".contains($0) })
        #expect(try hasher.verify("hunter2-hunter2", stored: stored))
        #expect(try hasher.hash("hunter2-hunter2") != stored)
    }

    @Test func treatsNFKCEquivalentPasswordsAsOne() throws {
        let stored = try hasher.hash("ｆｕｌｌ ﬁ①")
        #expect(try hasher.verify("full fi1", stored: stored))
    }

    @Test(arguments: [
        "", ":", "abc", "not-a-hash", String(PasswordVectors.asciiHash.dropLast()),
        String(PasswordVectors.asciiHash.dropFirst()), PasswordVectors.asciiHash + ":00",
        PasswordVectors.asciiHash.replacingOccurrences(of: "d5", with: "zz"),
        ":" + String(repeating: "0", count: 128), String(repeating: "0", count: 32) + ":",
    ])
    func malformedStoredValuesVerifyFalse(_ stored: String) throws {
        #expect(!(try hasher.verify(PasswordVectors.asciiPassword, stored: stored)))
    }

    @Test func acceptsAnUpperCaseKey() throws {
        let parts = PasswordVectors.asciiHash.split(separator: ":")
        #expect(try hasher.verify(PasswordVectors.asciiPassword, stored: parts[0] + ":" + parts[1].uppercased()))
    }

    @Test func dummyVerificationReturnsWithoutCrashing() throws {
        try hasher.verifyDummy("anything")
        try hasher.verifyDummy("")
    }

    @Test(.enabled(if: Python.isAvailable))
    func pythonAgreesLive() throws {
        let ours = try hasher.hash(PasswordVectors.nonASCIIPassword)
        #expect(try Python.run(PasswordVectors.pythonVerify, [PasswordVectors.nonASCIIPassword, ours]) == "True")
        #expect(try Python.run(PasswordVectors.pythonVerify, ["wrong password", ours]) == "False")

        let theirs = try Python.run(PasswordVectors.pythonHash, ["Ｓｅｃｒｅｔ②"])
        #expect(try hasher.verify("Secret2", stored: theirs))
        #expect(try hasher.verify("Ｓｅｃｒｅｔ②", stored: theirs))
    }
}

import FastCGI
import Testing

@Suite("RequestLog.pathForLog")
struct RequestLogTests {
    @Test(
        "the query string is dropped",
        arguments: [
            ("/api/alice/tasks?token=secret", "/api/alice/tasks"), ("/api/health", "/api/health"), ("", ""),
            ("?a=b", ""), ("/a?b?c", "/a"), ("/a?", "/a"), ("/%C3%A9/é?q=é", "/%C3%A9/é"),
        ])
    func dropsQuery(uri: String, expected: String) {
        #expect(RequestLog.pathForLog(uri) == expected)
    }

    @Test("control characters become ?")
    func controlCharacters() {
        #expect(RequestLog.pathForLog("/a\nb\r\tc\u{0}d\u{1B}[31m\u{7F}e?x") == "/a?b??c?d?[31m?e")
        #expect(RequestLog.pathForLog("/a\r\nb") == "/a??b")
    }

    /// nginx passes the request line's bytes as they came: a combining mark after `?` must not hide
    /// the query from the cut.
    @Test("the query is dropped even when a combining mark follows the question mark")
    func combiningMarkAfterQuestionMark() {
        #expect(RequestLog.pathForLog("/api/alice/tasks?\u{301}token=secret") == "/api/alice/tasks")
    }
}

@Suite("RequestLog.idForLog")
struct RequestIDForLogTests {
    @Test("nginx's id is logged as it is, a missing one as -")
    func plainAndMissing() {
        #expect(RequestLog.idForLog("4f1c2e0a9b8d7c6e5f4a3b2c1d0e9f8a") == "4f1c2e0a9b8d7c6e5f4a3b2c1d0e9f8a")
        #expect(RequestLog.idForLog("") == "-")
    }

    /// The id is one field of the line: a space or a line break in it (from a FastCGI client other than nginx)
    /// must not split the line or forge another.
    @Test("spaces and control characters become ?")
    func oneField() {
        #expect(RequestLog.idForLog("a b\nrid=x GET / 200\u{7F}") == #""a?b?rid=x?GET?/?200?""#)
        #expect(RequestLog.idForLog("a\"b") == #""a\"b""#)
    }
}

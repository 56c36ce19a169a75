import Testing

@testable import HTTPFetch

@Suite struct ResponseHeadTests {
    @Test(arguments: [
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/1.1 099 Too Low\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1  200 OK\r\n\r\n",
        "<html>hello</html>\r\n\r\n",
    ])
    func refusesAMalformedStatusLine(reply: String) {
        #expect(fetchFailure(replying: reply) == "the response has a malformed status line")
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-Long: a\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Control: a\u{1}b\r\n\r\n",
    ])
    func refusesAMalformedHeaderField(reply: String) {
        #expect(fetchFailure(replying: reply) == "the response has a malformed header field")
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", "the response has a line that does not end in CRLF"),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
            "the response has an invalid Content-Length"
        ),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok", "the response has an invalid Content-Length"),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            "the response has both Content-Length and Transfer-Encoding"
        ),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok", "the response uses an unsupported transfer coding"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "the response has a malformed chunk size"),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n",
            "the response has a malformed chunk"
        ),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", "the server tried to switch protocols"),
        ("", "the server closed the connection without answering"),
        ("HTTP/1.1 200 OK\r\nContent-Le", "the connection closed before the response was complete"),
    ])
    func refusesAnUnacceptableResponse(reply: String, expected: String) {
        #expect(fetchFailure(replying: reply) == expected)
    }

    @Test func refusesAHeadOver64KiB() {
        let filler = String(repeating: "X-Filler: " + String(repeating: "a", count: 1000) + "\r\n", count: 70)
        #expect(
            fetchFailure(replying: "HTTP/1.1 200 OK\r\n" + filler + "\r\n") == "the response head is larger than 64 KiB"
        )
    }
}

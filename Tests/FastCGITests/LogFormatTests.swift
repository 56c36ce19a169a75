import FastCGI
import Testing

@Suite("LogFormat")
struct LogFormatTests {
    @Test(
        "a value is bare unless it must be quoted",
        arguments: [
            ("GET", "GET"), ("/api/alice/tasks", "/api/alice/tasks"), ("", #""""#), ("a b", #""a b""#),
            ("k=v", #""k=v""#), (#"say "hi""#, #""say \"hi\"""#), (#"a\b"#, #""a\\b""#),
            ("line\nforged=1", #""line\nforged=1""#), ("\r\t\u{1}\u{7F}", #""\r\t\u{1}\u{7f}""#), ("é", "é"),
        ])
    func quoting(value: String, expected: String) {
        #expect(LogFormat.value(value) == expected)
    }

    @Test("RFC 3339 UTC with milliseconds")
    func timestamp() {
        #expect(LogFormat.timestamp(seconds: 0, nanoseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(LogFormat.timestamp(seconds: 1_796_369_400, nanoseconds: 123_999_999) == "2026-12-04T07:30:00.123Z")
        #expect(LogFormat.timestamp(seconds: 951_825_599, nanoseconds: 5_000_000) == "2000-02-29T11:59:59.005Z")
        #expect(LogFormat.timestamp(seconds: 253_402_300_799, nanoseconds: 999_999_999) == "9999-12-31T23:59:59.999Z")
        #expect(LogFormat.timestamp(seconds: -62_135_596_800, nanoseconds: 0) == "0001-01-01T00:00:00.000Z")
        #expect(LogFormat.timestamp(seconds: -1, nanoseconds: 7_000_000) == "1969-12-31T23:59:59.007Z")
    }

    @Test("now is the wall clock, in the same form")
    func now() {
        let value = LogFormat.now()
        #expect(value.count == 24 && value.hasSuffix("Z") && value.hasPrefix("20"))
    }
}

@Suite("RequestLog lines")
struct RequestLogLineTests {
    @Test("a request line in logfmt, the query cut")
    func requestLine() {
        let line = RequestLog.requestLine(
            requestID: "4f1c", method: "GET", requestURI: "/api/alice/tasks?token=secret", status: 200,
            milliseconds: 0.4249, time: "2026-12-03T07:30:00.123Z")
        #expect(
            line == "ts=2026-12-03T07:30:00.123Z level=info rid=4f1c method=GET path=/api/alice/tasks status=200 "
                + "dur_ms=0.42")
    }

    @Test("a request without an id, and a path that needs quotes")
    func requestLineQuoted() {
        let line = RequestLog.requestLine(
            requestID: "", method: "GET", requestURI: "/a\"b c", status: 404, milliseconds: 12.05, time: "T")
        #expect(line == #"ts=T level=info rid=- method=GET path="/a\"b c" status=404 dur_ms=12.05"#)
    }

    @Test("an event, with and without a request id")
    func eventLine() {
        #expect(
            RequestLog.eventLine(.error, "unexpected failure: no such table", requestID: "ab", time: "T")
                == #"ts=T level=error rid=ab msg="unexpected failure: no such table""#)
        #expect(RequestLog.eventLine(.info, "started", requestID: nil, time: "T") == "ts=T level=info msg=started")
        #expect(RequestLog.eventLine(.warn, "x", requestID: "", time: "T") == "ts=T level=warn rid=- msg=x")
    }

    @Test("milliseconds with two decimals")
    func milliseconds() {
        #expect(RequestLog.milliseconds(0.424) == "0.42")
        #expect(RequestLog.milliseconds(12.05) == "12.05")
        #expect(RequestLog.milliseconds(3) == "3.00")
    }
}

import Glibc

/// The service's log on stderr, in logfmt: one line per request,
/// `ts=2026-12-03T07:30:00.123Z level=info rid=… method=GET path=/api/alice/tasks status=200 dur_ms=0.42`,
/// and one line per event, `ts=… level=error rid=… msg="…"`. Each line is written with a single `write(2)`, so
/// lines from different threads never interleave. Nothing else of a request is logged: never a header, a body or
/// a query string (they may hold secrets). `serve --log-file` points stderr at a file (`LogFile`).
public enum RequestLog {
    /// Writes `line` plus a newline to stderr in one call, as it is (the command line's own messages).
    public static func write(_ line: String) {
        var text = line
        text.append("\n")
        text.withUTF8 { buffer in
            _ = Glibc.write(2, buffer.baseAddress, buffer.count)
        }
    }

    /// Writes `message` as an event of `level`; with `requestID` (nginx's `$request_id`, empty when none was sent)
    /// the line carries `rid=` after the level, as the request's own line does, so the two can be matched.
    public static func event(_ level: LogLevel, _ message: String, requestID: String? = nil) {
        write(eventLine(level, message, requestID: requestID, time: LogFormat.now()))
    }

    /// The line `event` writes, at `time`.
    public static func eventLine(_ level: LogLevel, _ message: String, requestID: String?, time: String) -> String {
        let rid = requestID.map { " rid=\(idForLog($0))" } ?? ""
        return "ts=\(time) level=\(level.rawValue)\(rid) msg=\(LogFormat.value(message))"
    }

    /// Writes the line of an answered request.
    public static func request(requestID: String, method: String, requestURI: String, status: Int, milliseconds: Double)
    {
        write(
            requestLine(
                requestID: requestID, method: method, requestURI: requestURI, status: status,
                milliseconds: milliseconds, time: LogFormat.now()))
    }

    /// The line `request` writes, at `time`: the path without its query, the duration in milliseconds with two
    /// decimals.
    public static func requestLine(
        requestID: String, method: String, requestURI: String, status: Int, milliseconds: Double, time: String
    ) -> String {
        "ts=\(time) level=info rid=\(idForLog(requestID)) method=\(LogFormat.value(method))"
            + " path=\(LogFormat.value(pathForLog(requestURI))) status=\(status) dur_ms=\(Self.milliseconds(milliseconds))"
    }

    /// The request id as logged: `-` when empty, control characters and spaces replaced, quoted if it must be
    /// (one field of the line).
    public static func idForLog(_ requestID: String) -> String {
        guard !requestID.isEmpty else { return "-" }
        // nginx's $request_id is 32 hex digits: nothing to replace (this runs for every request).
        if requestID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return LogFormat.value(requestID) }
        return LogFormat.value(
            String(
                String.UnicodeScalarView(
                    requestID.unicodeScalars.map { $0.value <= 0x20 || $0.value == 0x7F ? "?" : $0 })))
    }

    /// The path part of a REQUEST_URI, cut at `?`, with control characters replaced.
    public static func pathForLog(_ requestURI: String) -> String {
        // Cut on the byte: a combining mark after `?` would make it part of one Character.
        let path = requestURI.utf8.firstIndex(of: UInt8(ascii: "?")).map { requestURI[..<$0] } ?? requestURI[...]
        if path.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) { return String(path) }
        return String(
            String.UnicodeScalarView(path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }

    /// `value` milliseconds with two decimals: `0.42`, `12.05`.
    public static func milliseconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

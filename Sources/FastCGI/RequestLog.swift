import Glibc

/// One line per request on stderr: time, request id, method, path without query, status, duration.
/// Written with a single `write(2)` so lines from different threads never interleave. Nothing else
/// of the request is logged: never a header, a body or a query string (they may hold secrets).
public enum RequestLog {
    /// Writes `line` plus a newline to stderr in one call.
    public static func write(_ line: String) {
        var text = line
        text.append("\n")
        text.withUTF8 { buffer in
            _ = Glibc.write(2, buffer.baseAddress, buffer.count)
        }
    }

    /// Writes `message` as a line about the request `requestID` (nginx's `$request_id`, empty when none was sent):
    /// `rid=<id> message`, or `rid=- message`. The request's own line and every other line written while it is
    /// handled start this way, so they can be matched.
    public static func write(requestID: String, _ message: String) {
        write("rid=\(idForLog(requestID)) \(message)")
    }

    /// The request id as logged: `-` when empty, control characters and spaces replaced (one field of the line).
    public static func idForLog(_ requestID: String) -> String {
        guard !requestID.isEmpty else { return "-" }
        return String(
            String.UnicodeScalarView(requestID.unicodeScalars.map { $0.value <= 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }

    /// The path part of a REQUEST_URI, cut at `?`, with control characters replaced.
    public static func pathForLog(_ requestURI: String) -> String {
        // Cut on the byte: a combining mark after `?` would make it part of one Character.
        let path = requestURI.utf8.firstIndex(of: UInt8(ascii: "?")).map { requestURI[..<$0] } ?? requestURI[...]
        return String(
            String.UnicodeScalarView(path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}

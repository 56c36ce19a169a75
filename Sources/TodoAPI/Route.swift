import Glibc

/// The routes below `/api/`, matched on percent-decoded path segments.
public enum Route: Sendable, Equatable {
    case health
    /// Any path below `/api/auth/`; nil when no endpoint has that name (a 404 in Better Auth's shape).
    case auth(AuthEndpoint?)
    case tasks(user: String)
    case task(user: String, id: String)
    case taskCompletion(user: String, id: String)

    /// The methods this route answers, for 405's `Allow`.
    public var allowedMethods: [String] {
        switch self {
        case .health: ["GET"]
        case .auth(let endpoint): endpoint.map { [$0.method] } ?? []
        case .tasks: ["GET", "POST"]
        case .task: ["GET", "PUT", "PATCH", "DELETE"]
        case .taskCompletion: ["PATCH"]
        }
    }

    /// Matches a raw (still percent-encoded) path; nil means 404. A segment that does not decode to
    /// UTF-8 matches nothing, and neither does an empty segment (`//`, a trailing `/`). `auth` is reserved:
    /// every path below `/api/auth/` is an account route (ids we issue are 32 alphanumerics, never `auth`).
    public static func match(path: String) -> Route? {
        var path = path
        if let plain = path.withUTF8(matchPlain) { return plain }
        return matchDecoding(path: path)
    }

    /// The answer for an ASCII path without `%` outside `/api/auth/` (every task request), read on its bytes with
    /// no String but the user and the id; nil when the path is not such a path (`matchDecoding` answers it).
    private static func matchPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Route?? {
        let prefix: StaticString = "/api/"
        guard bytes.count >= prefix.utf8CodeUnitCount,
            memcmp(bytes.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
        else { return nil }
        func equals(_ segment: Range<Int>, _ text: StaticString) -> Bool {
            segment.count == text.utf8CodeUnitCount
                && memcmp(bytes.baseAddress! + segment.lowerBound, text.utf8Start, segment.count) == 0
        }
        func string(_ segment: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[segment]), as: UTF8.self)
        }
        var segments: [Range<Int>] = []
        segments.reserveCapacity(4)
        var start = prefix.utf8CodeUnitCount
        for index in start...bytes.count {
            if index < bytes.count {
                let byte = bytes[index]
                guard byte < 0x80, byte != UInt8(ascii: "%") else { return nil }
                guard byte == UInt8(ascii: "/") else { continue }
            }
            // No task route has five segments; an account route may.
            if segments.count == 4 { return equals(segments[0], "auth") ? nil : .some(nil) }
            segments.append(start..<index)
            start = index + 1
        }
        guard !equals(segments[0], "auth") else { return nil }
        if segments.contains(where: { $0.isEmpty }) { return .some(nil) }
        switch segments.count {
        case 1 where equals(segments[0], "health"): return .health
        case 2 where equals(segments[1], "tasks"): return .tasks(user: string(segments[0]))
        case 3 where equals(segments[1], "tasks"): return .task(user: string(segments[0]), id: string(segments[2]))
        case 4 where equals(segments[1], "tasks") && equals(segments[3], "complete"):
            return .taskCompletion(user: string(segments[0]), id: string(segments[2]))
        default: return .some(nil)
        }
    }

    /// `match(path:)` for any path: every segment percent-decoded to a String.
    static func matchDecoding(path: String) -> Route? {
        guard path.hasPrefix("/api/") else { return nil }
        let rawSegments = path.utf8.dropFirst(5).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var segments: [String] = []
        segments.reserveCapacity(rawSegments.count)
        var malformed = false
        for raw in rawSegments {
            guard !raw.isEmpty, let decoded = PercentEncoding.decode(Substring(raw)) else {
                malformed = true
                segments.append("")
                continue
            }
            segments.append(decoded)
        }
        // Below /api/auth/ even a malformed path is an account route (its 404 in Better Auth's shape).
        if segments[0] == "auth" { return .auth(malformed ? nil : AuthEndpoint.match(segments.dropFirst())) }
        if malformed { return nil }
        switch segments.count {
        case 1 where segments[0] == "health": return .health
        case 2 where segments[1] == "tasks": return .tasks(user: segments[0])
        case 3 where segments[1] == "tasks": return .task(user: segments[0], id: segments[2])
        case 4 where segments[1] == "tasks" && segments[3] == "complete":
            return .taskCompletion(user: segments[0], id: segments[2])
        default: return nil
        }
    }
}

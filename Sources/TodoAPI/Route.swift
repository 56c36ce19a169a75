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

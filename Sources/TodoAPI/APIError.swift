import JSON

/// Every error a task route answers, each knowing its status and its FastAPI-shaped body.
public enum APIError: Error, Sendable {
    case notFound
    case methodNotAllowed(allowed: [String])
    /// No usable credentials were sent.
    case notAuthenticated
    /// Credentials were sent and rejected; `reason` is short and never contains the token.
    case invalidToken(reason: String)
    /// More than one Authorization header.
    case ambiguousCredentials
    case forbidden
    case taskNotFound
    case validation([ValidationIssue])
    case payloadTooLarge
    /// The transport could not read the request as sent (an invalid CONTENT_LENGTH, a truncated body, no method or
    /// no URI); `reason` is short and never echoes request content.
    case badRequest(reason: String)
    /// A constraint of the database refused the change.
    case conflict
    case serviceUnavailable
    case internalError

    /// The HTTP status code.
    public var status: Int {
        switch self {
        case .notFound, .taskNotFound: 404
        case .methodNotAllowed: 405
        case .notAuthenticated, .invalidToken, .ambiguousCredentials: 401
        case .forbidden: 403
        case .validation: 422
        case .payloadTooLarge: 413
        case .badRequest: 400
        case .conflict: 409
        case .serviceUnavailable: 503
        case .internalError: 500
        }
    }

    /// The `{"detail": ...}` response, with `Allow` or `WWW-Authenticate` where the status needs one.
    public var response: APIResponse {
        var writer = JSONWriter(capacity: 96)
        writer.raw("{\"detail\":")
        var headers: [(name: String, value: String)] = []
        switch self {
        case .notFound: writer.string("Not Found")
        case .methodNotAllowed(let allowed):
            writer.string("Method Not Allowed")
            headers.append(("Allow", allowed.joined(separator: ", ")))
        case .notAuthenticated:
            writer.string("Not authenticated")
            headers.append(("WWW-Authenticate", "Bearer"))
        case .invalidToken(let reason):
            writer.string("Invalid token: \(reason)")
            headers.append(("WWW-Authenticate", "Bearer error=\"invalid_token\""))
        case .ambiguousCredentials:
            writer.string("Invalid token: more than one Authorization header")
            headers.append(("WWW-Authenticate", "Bearer error=\"invalid_request\""))
        case .forbidden: writer.string("Not allowed to access another user's tasks")
        case .taskNotFound: writer.string("Task not found")
        case .validation(let issues):
            writer.raw("[")
            for (position, issue) in issues.enumerated() {
                if position > 0 { writer.raw(",") }
                issue.write(to: &writer)
            }
            writer.raw("]")
        case .payloadTooLarge: writer.string("Request body too large")
        case .badRequest(let reason): writer.string(reason)
        case .conflict: writer.string("Conflict")
        case .serviceUnavailable: writer.string("Service unavailable")
        case .internalError: writer.string("Internal Server Error")
        }
        writer.raw("}")
        return .json(status, writer.bytes, extraHeaders: headers)
    }
}

import Accounts
import JSON

/// An error of an account route, in Better Auth's shape: `{"code": "...", "message": "..."}`.
public struct AuthFailure: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String
    public var headers: [(name: String, value: String)] = []

    public init(status: Int, code: String, message: String, headers: [(name: String, value: String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func == (lhs: AuthFailure, rhs: AuthFailure) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message
    }

    /// A 400 for a body field that is missing or of the wrong type.
    static func validation(_ message: String) -> AuthFailure {
        AuthFailure(status: 400, code: "VALIDATION_ERROR", message: message)
    }

    /// The same failure as a task route's error, in this shape (401s keep their `WWW-Authenticate`).
    init(_ error: APIError) {
        let headers = error.response.headers.filter { $0.name == "WWW-Authenticate" || $0.name == "Allow" }
        switch error {
        case .notFound: self.init(status: 404, code: "NOT_FOUND", message: "Not Found")
        case .methodNotAllowed:
            self.init(status: 405, code: "METHOD_NOT_ALLOWED", message: "Method Not Allowed", headers: headers)
        case .notAuthenticated:
            self.init(status: 401, code: "UNAUTHORIZED", message: "Not authenticated", headers: headers)
        case .invalidToken(let reason):
            self.init(status: 401, code: "UNAUTHORIZED", message: "Invalid token: \(reason)", headers: headers)
        case .ambiguousCredentials:
            self.init(
                status: 401, code: "UNAUTHORIZED", message: "More than one Authorization header", headers: headers)
        case .payloadTooLarge: self.init(status: 413, code: "PAYLOAD_TOO_LARGE", message: "Request body too large")
        case .badRequest(let reason): self.init(status: 400, code: "BAD_REQUEST", message: reason)
        case .conflict: self.init(status: 409, code: "CONFLICT", message: "Conflict")
        case .serviceUnavailable:
            self.init(status: 503, code: "SERVICE_UNAVAILABLE", message: "Service unavailable")
        default: self.init(status: 500, code: "INTERNAL_SERVER_ERROR", message: "Internal Server Error")
        }
    }

    /// The JSON response.
    public var response: APIResponse {
        var writer = JSONWriter(capacity: 96)
        writer.raw("{\"code\":")
        writer.string(code)
        writer.raw(",\"message\":")
        writer.string(message)
        writer.raw("}")
        return .json(status, writer.bytes, extraHeaders: headers)
    }
}

extension AuthFailure {
    /// An account error in Better Auth's shape, with its HTTP status: 401s carry `WWW-Authenticate: Bearer`, a 429
    /// `Retry-After` and Better Auth's `X-Retry-After`.
    init(_ error: AccountError) {
        var headers: [(name: String, value: String)] = []
        let status: Int
        switch error {
        case .invalidEmail, .nameRequired, .nameTooLong, .passwordTooShort, .passwordTooLong, .invalidPassword,
            .credentialAccountNotFound, .emailCannotBeUpdated, .noFieldsToUpdate, .invalidImage, .invalidResetToken,
            .emailMismatch, .emailAlreadyVerified:
            status = 400
        case .emailNotVerified: status = 403
        case .userAlreadyExists: status = 422
        case .invalidEmailOrPassword, .invalidRefreshToken, .invalidVerificationToken, .verificationTokenExpired:
            status = 401
            headers.append(("WWW-Authenticate", "Bearer"))
        case .userNotFound: status = 404
        case .tooManyRequests:
            status = 429
            let seconds = String(AccountError.retryAfterSeconds)
            headers += [("Retry-After", seconds), ("X-Retry-After", seconds)]
        }
        self.init(status: status, code: error.code, message: error.message, headers: headers)
    }
}

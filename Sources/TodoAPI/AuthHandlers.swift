import Accounts
import JOSE
import JSON
import Storage

/// The account routes: plain functions of the request body, the verified token and the account service.
struct AuthHandlers {
    let accounts: AccountService
    let context: RequestContext
    /// The application's log (`TodoApplication.log`): told when a password check is refused for the budget.
    let log: @Sendable (RequestContext, String) -> Void

    private var nowMilliseconds: Int64 { context.nowMilliseconds }

    func signUp(_ body: [UInt8]) throws -> APIResponse {
        let fields = AuthBody.parse(body).flatMap { body in
            body.string("name").flatMap { name in
                body.string("email").flatMap { email in body.string("password").map { (name, email, $0) } }
            }
        }
        guard case .success(let (name, email, password)) = fields else { return failure(fields) }
        return session(
            try accounts.signUp(name: name, email: email, password: password, now: nowMilliseconds),
            redirectField: false)
    }

    func signIn(_ body: [UInt8]) throws -> APIResponse {
        let fields = AuthBody.parse(body).flatMap { body in
            body.string("email").flatMap { email in body.string("password").map { (email, $0) } }
        }
        guard case .success(let (email, password)) = fields else { return failure(fields) }
        return session(try accounts.signIn(email: email, password: password, now: nowMilliseconds), redirectField: true)
    }

    func refresh(_ body: [UInt8]) throws -> APIResponse {
        let field = AuthBody.parse(body).flatMap { $0.string("refresh_token") }
        guard case .success(let token) = field else { return failure(field) }
        switch try accounts.refresh(token: token, now: nowMilliseconds) {
        case .failure(let error): return refusal(error)
        case .success(let session):
            var writer = JSONWriter(capacity: 512)
            writer.raw("{\"token\":")
            writer.string(session.accessToken)
            writer.raw(",\"refresh_token\":")
            writer.string(session.refreshToken)
            writer.raw("}")
            return .json(200, writer.bytes)
        }
    }

    func signOut(_ body: [UInt8], userID: String) throws -> APIResponse {
        let field = AuthBody.parse(body).flatMap { $0.string("refresh_token") }
        guard case .success(let token) = field else { return failure(field) }
        // Idempotent: an unknown or already revoked token answers the same, so this is no oracle.
        _ = try accounts.signOut(refreshToken: token, userID: userID, now: nowMilliseconds)
        return .json(200, Array(#"{"success":true}"#.utf8))
    }

    func deleteUser(_ body: [UInt8], userID: String) throws -> APIResponse {
        let field = AuthBody.parse(body).flatMap { $0.string("password") }
        guard case .success(let password) = field else { return failure(field) }
        switch try accounts.deleteUser(userID: userID, password: password, now: nowMilliseconds) {
        case .failure(let error): return refusal(error)
        case .success: return .json(200, Array(#"{"success":true}"#.utf8))
        }
    }

    func getSession(_ token: VerifiedJWT) throws -> APIResponse {
        guard let user = try accounts.user(id: token.subject) else {
            return refusal(.userNotFound)
        }
        var writer = JSONWriter(capacity: 384)
        writer.raw("{\"session\":{\"userId\":")
        writer.string(user.id)
        writer.raw(",\"expiresAt\":")
        writer.string(Timestamp.format(seconds: token.expiresAt))
        writer.raw("},\"user\":")
        UserJSON.write(user, to: &writer)
        writer.raw("}")
        return .json(200, writer.bytes)
    }

    /// `{"keys": [...]}`: the public half of the signing key, or nothing when tokens are HS256.
    static func jwks(_ publicJWK: JSONValue?) -> APIResponse {
        var writer = JSONWriter(capacity: 256)
        writer.raw("{\"keys\":[")
        if let publicJWK { writer.value(publicJWK) }
        writer.raw("]}")
        return APIResponse(
            status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "public, max-age=300")],
            body: writer.bytes)
    }

    private func session(_ result: Result<Session, AccountError>, redirectField: Bool) -> APIResponse {
        switch result {
        case .failure(let error): return refusal(error)
        case .success(let session):
            var writer = JSONWriter(capacity: 1024)
            writer.raw("{")
            if redirectField { writer.raw("\"redirect\":false,") }
            writer.raw("\"token\":")
            writer.string(session.accessToken)
            writer.raw(",\"refresh_token\":")
            writer.string(session.refreshToken)
            writer.raw(",\"user\":")
            UserJSON.write(session.user, to: &writer)
            writer.raw("}")
            return .json(200, writer.bytes)
        }
    }

    private func failure<Value>(_ result: Result<Value, AuthFailure>) -> APIResponse {
        if case .failure(let failure) = result { return failure.response }
        return AuthFailure(APIError.internalError).response
    }

    /// The answer to an account error; a spent password budget is logged (the 429 alone does not say why).
    private func refusal(_ error: AccountError) -> APIResponse {
        var headers: [(name: String, value: String)] = []
        if error.status == 401 { headers.append(("WWW-Authenticate", "Bearer")) }
        if error == .tooManyRequests {
            log(context, "password budget spent: check refused (429)")
            let seconds = String(AccountError.retryAfterSeconds)
            headers += [("Retry-After", seconds), ("X-Retry-After", seconds)]
        }
        return AuthFailure(status: error.status, code: error.code, message: error.message, headers: headers).response
    }
}

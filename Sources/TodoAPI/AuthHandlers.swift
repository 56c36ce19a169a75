import Accounts
import JOSE
import JSON
import Storage

/// The account routes: plain functions of the request body, the verified token and the account service. They
/// throw what refuses a request (`AuthFailure` for the body, `AccountError` from the service, `StorageError` from
/// the store) and `TodoApplication.handle` renders it in Better Auth's shape.
struct AuthHandlers {
    let accounts: AccountService
    let context: RequestContext

    var nowMilliseconds: Int64 { context.nowMilliseconds }

    /// With REQUIRE_EMAIL_VERIFICATION: no session, `{"token": null, "user"}`, and the verification mail.
    func signUp(
        _ body: [UInt8], client: SessionClient, mail: AccountMail? = nil, verification: EmailVerificationToken? = nil
    ) throws -> APIResponse {
        let fields = AuthBody.parse(body).flatMap { body in
            body.string("name").flatMap { name in
                body.string("email").flatMap { email in body.string("password").map { (name, email, $0) } }
            }
        }
        let (name, email, password) = try fields.get()
        if accounts.requireEmailVerification {
            let user = try accounts.register(name: name, email: email, password: password, now: nowMilliseconds).get()
            if let mail, let verification {
                sendVerification(to: user, callbackURL: nil, mail: mail, verification: verification)
            }
            var writer = JSONWriter(capacity: 512)
            writer.raw("{\"token\":null,\"user\":")
            UserJSON.write(user, to: &writer)
            writer.raw("}")
            return .json(200, writer.bytes)
        }
        return signedIn(
            try accounts.signUp(name: name, email: email, password: password, client: client, now: nowMilliseconds)
                .get())
    }

    func signIn(_ body: [UInt8], client: SessionClient) throws -> APIResponse {
        let fields = AuthBody.parse(body).flatMap { body in
            body.string("email").flatMap { email in body.string("password").map { (email, $0) } }
        }
        let (email, password) = try fields.get()
        return signedIn(
            try accounts.signIn(email: email, password: password, client: client, now: nowMilliseconds).get(),
            redirect: true)
    }

    func refresh(_ body: [UInt8]) throws -> APIResponse {
        let token = try AuthBody.parse(body).flatMap { $0.string("refresh_token") }.get()
        let session = try accounts.refresh(token: token, now: nowMilliseconds).get()
        var writer = JSONWriter(capacity: 512)
        writer.raw("{\"token\":")
        writer.string(session.accessToken)
        writer.raw(",\"refresh_token\":")
        writer.string(session.refreshToken)
        writer.raw("}")
        return .json(200, writer.bytes)
    }

    func signOut(_ body: [UInt8], userID: String) throws -> APIResponse {
        let token = try AuthBody.parse(body).flatMap { $0.string("refresh_token") }.get()
        // Idempotent: an unknown or already revoked token answers the same, so this is no oracle.
        _ = try accounts.signOut(refreshToken: token, userID: userID, now: nowMilliseconds)
        return .json(200, Array(#"{"success":true}"#.utf8))
    }

    func deleteUser(_ body: [UInt8], userID: String) throws -> APIResponse {
        let password = try AuthBody.parse(body).flatMap { $0.string("password") }.get()
        try accounts.deleteUser(userID: userID, password: password, now: nowMilliseconds).get()
        return .json(200, Array(#"{"success":true}"#.utf8))
    }

    func getSession(_ token: VerifiedJWT) throws -> APIResponse {
        guard let user = try accounts.user(id: token.subject) else {
            throw AccountError.userNotFound
        }
        var writer = JSONWriter(capacity: 768)
        writer.raw("{\"session\":")
        // A token of ours names its session (sid); one from Better Auth does not: then userId and expiresAt only.
        if let sid = token.sessionID,
            let session = try accounts.session(id: sid, now: nowMilliseconds),
            session.userID == user.id
        {
            SessionJSON.write(
                session, current: nil, expiresAt: Timestamp.format(seconds: token.expiresAt), to: &writer)
        } else {
            writer.raw("{\"userId\":")
            writer.string(user.id)
            writer.raw(",\"expiresAt\":")
            writer.string(Timestamp.format(seconds: token.expiresAt))
            writer.raw("}")
        }
        writer.raw(",\"user\":")
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

    /// `{"token", "refresh_token", "user"}` of a new session, after `"redirect":false` (sign-in) or `"status":true`
    /// (verify-email) when asked.
    func signedIn(_ session: Session, redirect: Bool = false, status: Bool = false) -> APIResponse {
        var writer = JSONWriter(capacity: 1024)
        writer.raw("{")
        if redirect { writer.raw("\"redirect\":false,") }
        if status { writer.raw("\"status\":true,") }
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

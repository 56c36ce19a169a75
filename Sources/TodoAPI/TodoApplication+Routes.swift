import Accounts
import JOSE
import Storage

/// The handlers behind each route, once `handle` has checked the method and the body size.
extension TodoApplication {
    /// An account route below `/api/auth/`.
    func account(
        _ endpoint: AuthEndpoint, _ request: APIRequest, _ context: RequestContext, _ accounts: AccountService?
    ) throws -> APIResponse {
        func handlers() throws -> AuthHandlers {
            guard let accounts else { throw APIError.serviceUnavailable }
            return AuthHandlers(accounts: accounts, context: context)
        }
        let client = SessionClient(ipAddress: request.remoteAddress, userAgent: request.userAgent)
        switch endpoint {
        case .jwks: return AuthHandlers.jwks(signingPublicJWK)
        case .signUp:
            return try handlers().signUp(request.body, client: client, mail: mail, verification: emailVerification)
        case .signIn: return try handlers().signIn(request.body, client: client)
        case .refresh: return try handlers().refresh(request.body)
        case .requestPasswordReset: return try handlers().requestPasswordReset(request.body, mail: mail)
        case .resetPassword: return try handlers().resetPassword(request.body, query: QueryParameters(request.query))
        case .resetPasswordLink:
            let token = request.path.split(separator: "/").last.flatMap { PercentEncoding.decode($0) } ?? ""
            return try handlers().resetPasswordLink(token: token, query: QueryParameters(request.query), mail: mail)
        case .sendVerificationEmail:
            let session = try? authenticator.verifiedToken(request, now: context.now).get()
            return try handlers().sendVerificationEmail(
                request.body, session: session, mail: mail, verification: try verification())
        case .verifyEmail:
            return try handlers().verifyEmail(
                query: QueryParameters(request.query), client: client, mail: mail, verification: try verification())
        case .signOut, .getSession, .deleteUser, .changePassword, .updateUser, .listSessions, .revokeSession,
            .revokeSessions, .revokeOtherSessions:
            let handlers = try handlers()
            let verified = authenticator.verifiedToken(
                request, now: context.now, acceptingRevoked: endpoint == .signOut)
            // get-session without a (valid) Bearer token: 200 `null`, as Better Auth answers when there is no session.
            if endpoint == .getSession, case .failure = verified { return .json(200, Array("null".utf8)) }
            let token = try verified.get()
            switch endpoint {
            case .signOut: return try handlers.signOut(request.body, userID: token.subject)
            case .deleteUser: return try handlers.deleteUser(request.body, userID: token.subject)
            case .changePassword: return try handlers.changePassword(request.body, token: token, client: client)
            case .updateUser: return try handlers.updateUser(request.body, userID: token.subject)
            case .listSessions: return try handlers.listSessions(token: token)
            case .revokeSession: return try handlers.revokeSession(request.body, userID: token.subject)
            case .revokeSessions: return try handlers.revokeSessions(token: token, keepingCurrent: false)
            case .revokeOtherSessions: return try handlers.revokeSessions(token: token, keepingCurrent: true)
            default: return try handlers.getSession(token)
            }
        }
    }

    private func verification() throws -> EmailVerificationToken {
        guard let emailVerification else {
            throw AuthFailure(
                status: 400, code: "VERIFICATION_EMAIL_NOT_ENABLED", message: "Verification email isn't enabled")
        }
        return emailVerification
    }

    /// A task route of `user`: the collection (`id` nil), one task, or its completion toggle.
    func tasks(
        _ user: String, id taskID: String?, completion: Bool, _ request: APIRequest, _ context: RequestContext,
        _ store: any TaskStore
    ) throws -> APIResponse {
        let subject = try authenticator.authenticate(request, now: context.now).get()
        // Byte for byte: String's `==` is canonical equivalence, under which "é" and "e" + U+0301 would match.
        guard subject.hasSameBytes(as: user) else { throw APIError.forbidden }
        let handlers = TaskHandlers(store: store, owner: subject, context: context)
        guard let taskID else {
            return request.method == "GET"
                ? try handlers.list(query: request.query) : try handlers.create(body: request.body)
        }
        guard case .id(let id) = try TaskID.parse(taskID).get() else { throw APIError.taskNotFound }
        if completion { return try handlers.toggle(id: id) }
        switch request.method {
        case "GET": return try handlers.get(id: id)
        case "PUT": return try handlers.replace(id: id, body: request.body)
        case "PATCH": return try handlers.update(id: id, body: request.body)
        default: return try handlers.delete(id: id)
        }
    }

    /// `GET /api/health`: 200 when the store answers, else 503 (logged).
    func health(_ store: any TaskStore, _ context: RequestContext) -> APIResponse {
        do {
            try store.ping()
            return .json(200, Array(#"{"status":"ok"}"#.utf8))
        } catch {
            log(context, "error: health check failed: \(error)")
            return .json(503, Array(#"{"status":"unavailable","detail":"Database unavailable"}"#.utf8))
        }
    }
}

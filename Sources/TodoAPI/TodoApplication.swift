import Accounts
import JOSE
import JSON
import Storage

/// What one worker thread brings to a request: its task store and, when accounts are enabled, its account
/// service (both over the thread's own database connection).
public struct APIStores {
    public var tasks: any TaskStore
    public var accounts: AccountService?

    public init(tasks: any TaskStore, accounts: AccountService? = nil) {
        self.tasks = tasks
        self.accounts = accounts
    }
}

/// The whole API as one function: `handle(request, store) -> response`. It holds only immutable
/// configuration, so one value serves every worker thread; each request brings the stores it was lent.
public struct TodoApplication: Sendable {
    /// Verifies bearer tokens.
    public let authenticator: Authenticator
    /// Unix time in seconds (injectable for tests), read once per request (`RequestContext.now`).
    public let clock: @Sendable () -> Double
    /// Receives each line to log about a request, with the request's context: an unexpected failure, an unavailable
    /// or busy store, a failed revocation reload, a password check refused for the budget. Never request content.
    /// A line that reports a failure starts `error: `; any other is a warning. The executable logs it with the
    /// request's `rid=`.
    public let log: @Sendable (_ context: RequestContext, _ line: String) -> Void
    /// The public JWK of the key our access tokens are signed with (nil: HS256), served at /api/auth/jwks.
    public let signingPublicJWK: JSONValue?
    /// How reset and verification links are mailed (APP_URL and the rest); nil: those two routes are disabled.
    public let mail: AccountMail?
    /// Store failures met while answering, by kind (for the metrics).
    public let databaseErrors = DatabaseErrorCounts()
    /// Signs and checks email-verification tokens (HS256 with BETTER_AUTH_SECRET); nil: verify-email refuses all.
    public let emailVerification: EmailVerificationToken?

    public init(
        authenticator: Authenticator, clock: @escaping @Sendable () -> Double, signingPublicJWK: JSONValue? = nil,
        mail: AccountMail? = nil, emailVerification: EmailVerificationToken? = nil,
        log: @escaping @Sendable (_ context: RequestContext, _ line: String) -> Void = { _, _ in }
    ) {
        self.authenticator = authenticator
        self.clock = clock
        self.signingPublicJWK = signingPublicJWK
        self.mail = mail
        self.emailVerification = emailVerification
        self.log = log
    }

    /// Answers one request with a task store only (the account routes then answer 503).
    public func handle(_ request: APIRequest, store: any TaskStore) -> APIResponse {
        handle(request, stores: APIStores(tasks: store))
    }

    /// Answers one request. Never throws: every failure becomes a response in the contract's shape, rendered
    /// here once for the route's family (Better Auth's below `/api/auth/`, FastAPI's elsewhere).
    public func handle(_ request: APIRequest, stores: APIStores) -> APIResponse {
        let matched = Route.match(path: request.path)
        var response = answer(request, matched, stores)
        response.route = matched
        return response
    }

    private func answer(_ request: APIRequest, _ matched: Route?, _ stores: APIStores) -> APIResponse {
        let context = RequestContext(requestID: request.requestID, now: clock())
        let family: RouteFamily = if case .auth? = matched { .auth } else { .tasks }
        if let reason = request.malformed { return family.render(APIError.badRequest(reason: reason)) }
        guard let route = matched, let work = handler(route, request, context, stores) else {
            return family.render(APIError.notFound)
        }
        guard route.allowedMethods.contains(request.method) else {
            return family.render(APIError.methodNotAllowed(allowed: route.allowedMethods))
        }
        if request.bodyTooLarge { return family.render(APIError.payloadTooLarge) }
        do {
            try stores.accounts?.reloadRevocationsIfDue(now: context.nowMilliseconds)
        } catch {
            log(context, "error: revocations not reloaded: \(error)")
        }
        do {
            return try work()
        } catch {
            logFailure(error, context)
            return family.render(error)
        }
    }

    /// What answers `route` once its method and body size are checked, or nil when it names no endpoint (a path
    /// below `/api/auth/` that is not one of ours).
    private func handler(_ route: Route, _ request: APIRequest, _ context: RequestContext, _ stores: APIStores)
        -> (() throws -> APIResponse)?
    {
        switch route {
        case .auth(nil): nil
        case .auth(let endpoint?): { try account(endpoint, request, context, stores.accounts) }
        case .health: { health(stores.tasks, context) }
        case .tasks(let user): { try tasks(user, id: nil, completion: false, request, context, stores.tasks) }
        case .task(let user, let id): { try tasks(user, id: id, completion: false, request, context, stores.tasks) }
        case .taskCompletion(let user, let id):
            { try tasks(user, id: id, completion: true, request, context, stores.tasks) }
        }
    }

    /// Logs what the response alone does not say: a store that failed (with the driver's description, never a
    /// value) or anything unexpected, and a password check refused for the budget. Refusals of the request itself
    /// (validation, authentication, a wrong password) are not logged.
    private func logFailure(_ error: any Error, _ context: RequestContext) {
        if let error = error as? StorageError { databaseErrors.record(error.kind) }
        switch error {
        case is APIError, is AuthFailure: return
        case let error as AccountError:
            if error == .tooManyRequests { log(context, "password budget spent: check refused (429)") }
        case let error as StorageError:
            switch error.kind {
            case .unavailable: log(context, "error: store unavailable: \(error)")
            case .busy: log(context, "error: database busy: \(error)")
            case .constraint: log(context, "error: constraint refused the change: \(error)")
            case .schemaNewerThanCode, .failure: log(context, "error: unexpected failure: \(error)")
            }
        default: log(context, "error: unexpected failure: \(error)")
        }
    }
}

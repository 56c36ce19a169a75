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
/// configuration, so one value serves every worker thread; each thread brings its own store.
public struct TodoApplication: Sendable {
    /// Verifies bearer tokens.
    public let authenticator: Authenticator
    /// Unix time in seconds (injectable for tests), read once per request (`RequestContext.now`).
    public let clock: @Sendable () -> Double
    /// Receives each line to log about a request, with the request's context: an unexpected failure, an unavailable
    /// or busy store, a failed revocation reload, a password check refused for the budget. Never request content.
    /// The executable writes it after the request's `rid=`.
    public let log: @Sendable (_ context: RequestContext, _ line: String) -> Void
    /// The public JWK of the key our access tokens are signed with (nil: HS256), served at /api/auth/jwks.
    public let signingPublicJWK: JSONValue?

    public init(
        authenticator: Authenticator, clock: @escaping @Sendable () -> Double, signingPublicJWK: JSONValue? = nil,
        log: @escaping @Sendable (_ context: RequestContext, _ line: String) -> Void = { _, _ in }
    ) {
        self.authenticator = authenticator
        self.clock = clock
        self.signingPublicJWK = signingPublicJWK
        self.log = log
    }

    /// Answers one request with a task store only (the account routes then answer 503).
    public func handle(_ request: APIRequest, store: any TaskStore) -> APIResponse {
        handle(request, stores: APIStores(tasks: store))
    }

    /// Answers one request. Never throws: every failure becomes a response in the contract's shape (Better Auth's
    /// below `/api/auth/`, FastAPI's elsewhere).
    public func handle(_ request: APIRequest, stores: APIStores) -> APIResponse {
        let context = RequestContext(requestID: request.requestID, now: clock())
        let matched = Route.match(path: request.path)
        let render: (APIError) -> APIResponse
        if case .auth? = matched { render = { AuthFailure($0).response } } else { render = { $0.response } }
        if let reason = request.malformed { return render(.badRequest(reason: reason)) }
        guard let route = matched, let work = handler(route, request, context, stores) else {
            return render(.notFound)
        }
        guard route.allowedMethods.contains(request.method) else {
            return render(.methodNotAllowed(allowed: route.allowedMethods))
        }
        if request.bodyTooLarge { return render(.payloadTooLarge) }
        do {
            try stores.accounts?.reloadRevocationsIfDue(now: context.nowMilliseconds)
        } catch {
            log(context, "error: revocations not reloaded: \(error)")
        }
        do {
            return try work()
        } catch {
            return failure(error, context, render)
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

    /// The answer to an error a handler threw, rendered in the route family's shape: a storage error by its kind
    /// (503 when the database is unavailable or busy, 409 for a refused constraint, else 500), anything unexpected
    /// 500; storage errors and unexpected ones are logged with the request's id.
    private func failure(_ error: any Error, _ context: RequestContext, _ render: (APIError) -> APIResponse)
        -> APIResponse
    {
        if let error = error as? APIError { return render(error) }
        guard let error = error as? StorageError else {
            log(context, "error: unexpected failure: \(error)")
            return render(.internalError)
        }
        switch error.kind {
        case .unavailable:
            log(context, "error: store unavailable: \(error)")
            return render(.serviceUnavailable)
        case .busy:
            log(context, "error: database busy: \(error)")
            return render(.serviceUnavailable)
        case .constraint:
            log(context, "error: constraint refused the change: \(error)")
            return render(.conflict)
        case .schemaNewerThanCode, .failure:
            log(context, "error: unexpected failure: \(error)")
            return render(.internalError)
        }
    }
}

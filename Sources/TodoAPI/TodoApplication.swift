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
    /// Unix time in seconds (injectable for tests).
    public let clock: @Sendable () -> Double
    /// Receives a description of unexpected failures (never request content) for the log.
    public let reportFailure: @Sendable (String) -> Void
    /// The public JWK of the key our access tokens are signed with (nil: HS256), served at /api/auth/jwks.
    public let signingPublicJWK: JSONValue?

    public init(
        authenticator: Authenticator, clock: @escaping @Sendable () -> Double, signingPublicJWK: JSONValue? = nil,
        reportFailure: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.authenticator = authenticator
        self.clock = clock
        self.signingPublicJWK = signingPublicJWK
        self.reportFailure = reportFailure
    }

    /// Answers one request with a task store only (the account routes then answer 503).
    public func handle(_ request: APIRequest, store: any TaskStore) -> APIResponse {
        handle(request, stores: APIStores(tasks: store))
    }

    /// Answers one request. Never throws: every failure becomes a response in the contract's shape.
    public func handle(_ request: APIRequest, stores: APIStores) -> APIResponse {
        let matched = Route.match(path: request.path)
        let isAuthRoute: Bool
        if case .auth? = matched { isAuthRoute = true } else { isAuthRoute = false }
        if let reason = request.malformed {
            let error = APIError.badRequest(reason: reason)
            return isAuthRoute ? AuthFailure(error).response : error.response
        }
        guard let route = matched else { return APIError.notFound.response }
        func answer(_ error: APIError) -> APIResponse {
            isAuthRoute ? AuthFailure(error).response : error.response
        }
        if case .auth(nil) = route { return answer(.notFound) }
        guard route.allowedMethods.contains(request.method) else {
            return answer(.methodNotAllowed(allowed: route.allowedMethods))
        }
        if request.bodyTooLarge { return answer(.payloadTooLarge) }
        stores.accounts?.reloadRevocationsIfDue(now: Int64((clock() * 1000).rounded(.down)))
        do {
            if case .auth(let endpoint?) = route { return try dispatch(endpoint, request, stores.accounts) }
            return try dispatch(route, request, stores.tasks)
        } catch let error as StoreUnavailable {
            reportFailure("store unavailable: \(error)")
            return answer(.serviceUnavailable)
        } catch {
            if let sqliteError = error as? SQLiteError, sqliteError.isBusy {
                reportFailure("database busy: \(sqliteError)")
                return answer(.serviceUnavailable)
            }
            reportFailure("unexpected failure: \(error)")
            return answer(.internalError)
        }
    }

    private func dispatch(_ endpoint: AuthEndpoint, _ request: APIRequest, _ accounts: AccountService?) throws
        -> APIResponse
    {
        if endpoint == .jwks { return AuthHandlers.jwks(signingPublicJWK) }
        guard let accounts else { throw StoreUnavailable("accounts are not available") }
        let now = clock()
        let handlers = AuthHandlers(accounts: accounts, nowMilliseconds: Int64((now * 1000).rounded(.down)))
        switch endpoint {
        case .signUp: return try handlers.signUp(request.body)
        case .signIn: return try handlers.signIn(request.body)
        case .refresh: return try handlers.refresh(request.body)
        case .jwks: return AuthHandlers.jwks(signingPublicJWK)
        case .signOut, .getSession, .deleteUser:
            let token: VerifiedJWT
            switch authenticator.verifiedToken(request, now: now, acceptingRevoked: endpoint == .signOut) {
            case .failure(let error): return AuthFailure(error).response
            case .success(let verified): token = verified
            }
            if endpoint == .signOut { return try handlers.signOut(request.body, userID: token.subject) }
            if endpoint == .deleteUser { return try handlers.deleteUser(request.body, userID: token.subject) }
            return try handlers.getSession(token)
        }
    }

    private func dispatch(_ route: Route, _ request: APIRequest, _ store: any TaskStore) throws -> APIResponse {
        let now = clock()
        let user: String
        let taskID: String?
        switch route {
        case .auth:
            return AuthFailure(APIError.notFound).response
        case .health:
            return health(store)
        case .tasks(let pathUser):
            user = pathUser
            taskID = nil
        case .task(let pathUser, let id), .taskCompletion(let pathUser, let id):
            user = pathUser
            taskID = id
        }
        let subject: String
        switch authenticator.authenticate(request, now: now) {
        case .failure(let error): return error.response
        case .success(let verified): subject = verified
        }
        guard subject == user else { return APIError.forbidden.response }
        let handlers = TaskHandlers(store: store, owner: subject, nowMilliseconds: Int64((now * 1000).rounded(.down)))
        guard let taskID else {
            return request.method == "GET"
                ? try handlers.list(query: request.query) : try handlers.create(body: request.body)
        }
        let id: Int64
        switch TaskID.parse(taskID) {
        case .failure(let error): return error.response
        case .success(.noSuchTask): return APIError.taskNotFound.response
        case .success(.id(let value)): id = value
        }
        if case .taskCompletion = route { return try handlers.toggle(id: id) }
        switch request.method {
        case "GET": return try handlers.get(id: id)
        case "PUT": return try handlers.replace(id: id, body: request.body)
        case "PATCH": return try handlers.update(id: id, body: request.body)
        default: return try handlers.delete(id: id)
        }
    }

    private func health(_ store: any TaskStore) -> APIResponse {
        do {
            try store.ping()
            return .json(200, Array(#"{"status":"ok"}"#.utf8))
        } catch {
            reportFailure("health check failed: \(error)")
            return .json(503, Array(#"{"status":"unavailable","detail":"Database unavailable"}"#.utf8))
        }
    }
}

/// Thrown by a store that could not be opened; answered with 503.
public struct StoreUnavailable: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

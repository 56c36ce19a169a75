import Storage

/// The whole API as one function: `handle(request, store) -> response`. It holds only immutable
/// configuration, so one value serves every worker thread; each thread brings its own store.
public struct TodoApplication: Sendable {
    /// Verifies bearer tokens.
    public let authenticator: Authenticator
    /// Unix time in seconds (injectable for tests).
    public let clock: @Sendable () -> Double
    /// Receives a description of unexpected failures (never request content) for the log.
    public let reportFailure: @Sendable (String) -> Void

    public init(
        authenticator: Authenticator, clock: @escaping @Sendable () -> Double,
        reportFailure: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.authenticator = authenticator
        self.clock = clock
        self.reportFailure = reportFailure
    }

    /// Answers one request. Never throws: every failure becomes a response in the contract's shape.
    public func handle(_ request: APIRequest, store: any TaskStore) -> APIResponse {
        guard let route = Route.match(path: request.path) else { return APIError.notFound.response }
        guard route.allowedMethods.contains(request.method) else {
            return APIError.methodNotAllowed(allowed: route.allowedMethods).response
        }
        if request.bodyTooLarge { return APIError.payloadTooLarge.response }
        do {
            return try dispatch(route, request, store)
        } catch let error as StoreUnavailable {
            reportFailure("store unavailable: \(error)")
            return APIError.serviceUnavailable.response
        } catch {
            if let sqliteError = error as? SQLiteError, sqliteError.isBusy {
                reportFailure("database busy: \(sqliteError)")
                return APIError.serviceUnavailable.response
            }
            reportFailure("unexpected failure: \(error)")
            return APIError.internalError.response
        }
    }

    private func dispatch(_ route: Route, _ request: APIRequest, _ store: any TaskStore) throws -> APIResponse {
        let now = clock()
        let user: String
        let taskID: String?
        switch route {
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

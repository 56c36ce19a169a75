import Accounts
import FastCGI
import Locks
import Metrics
import Storage
import TodoAPI

/// One worker thread's bridge from the transport to the application. It owns the thread's stores: over its own
/// SQLite connection (opened on first use and reopened after a failure to open), or over the process's shared
/// PostgreSQL pool.
final class APIRequestHandler: RequestHandler {
    private let context: ServiceContext
    /// Bounds how many requests outside `/api/auth/` run at once (nil: no bound).
    private let apiWork: ConcurrencyLimiter?
    private var stores: APIStores?

    init(context: ServiceContext, apiWork: ConcurrencyLimiter? = nil) {
        self.context = context
        self.apiWork = apiWork
    }

    /// The metrics label and status of the request being answered, counted in `finished` with the time the
    /// server measured (one clock for the histogram and the log line, FastCGI reading and writing included).
    private var answering: (route: Int, status: Int)?

    func handle(_ incoming: IncomingRequest) -> OutgoingResponse {
        let (path, query) = APIRequest.splitURI(incoming.requestURI)
        let isMetrics = MetricsRoute.isMetrics(path: path)
        var response = isMetrics ? metricsResponse(method: incoming.method) : answer(incoming, path, query)
        if !incoming.requestID.isEmpty { response.headers.append(("X-Request-Id", incoming.requestID)) }
        let route = isMetrics ? MetricsRoute.metrics : MetricsRoute.index(route: response.route)
        answering = (route, response.status)
        return OutgoingResponse(response)
    }

    func finished(seconds: Double) {
        guard let answering else { return }
        context.metrics.record(route: answering.route, status: answering.status, seconds: seconds)
        self.answering = nil
    }

    /// GET /api/metrics: the Prometheus text; any other method 405, as on /api/health. nginx lets only this host
    /// reach it.
    private func metricsResponse(method: String) -> APIResponse {
        guard method == "GET" else { return APIError.methodNotAllowed(allowed: ["GET"]).response }
        var response = APIResponse.json(200, Array(context.metrics.render().utf8))
        response.headers = [("Content-Type", PrometheusText.contentType), ("Cache-Control", "no-store")]
        return response
    }

    private func answer(_ incoming: IncomingRequest, _ path: String, _ query: String) -> APIResponse {
        var request = APIRequest(
            method: incoming.method, path: path, query: query, authorization: incoming.authorization,
            body: incoming.body, bodyTooLarge: incoming.bodyTooLarge, malformed: incoming.defect?.description,
            requestID: incoming.requestID.isEmpty ? "-" : incoming.requestID)
        request.remoteAddress = incoming.remoteAddress
        request.userAgent = incoming.userAgent
        let stores = currentStores(requestID: request.requestID)
        var response: APIResponse
        if let apiWork, !path.hasPrefix("/api/auth/") {
            response = apiWork.run { context.application.handle(request, stores: stores) }
        } else {
            response = context.application.handle(request, stores: stores)
        }
        return response
    }

    /// This thread's stores, opened now if they are not yet; a failure to open is logged as part of the request
    /// `requestID` and answered 503 (the next request tries again).
    private func currentStores(requestID: String) -> APIStores {
        if let stores { return stores }
        do {
            let opened = try context.database.stores { users in
                AccountService(
                    users: users, hasher: context.hasher, signer: context.signer, settings: context.tokenSettings,
                    revocations: context.revocations,
                    requireEmailVerification: context.requireEmailVerification)
            }
            stores = opened
            return opened
        } catch {
            RequestLog.event(.error, "database: cannot open: \(error)", requestID: requestID)
            return APIStores(tasks: FailingTaskStore(StorageError(.unavailable, "\(error)")))
        }
    }
}

extension OutgoingResponse {
    /// The application's response, framed for the transport (FastCGI or CGI).
    init(_ response: APIResponse) {
        self.init(
            status: response.status, reason: APIResponse.reasonPhrase(response.status), headers: response.headers,
            body: response.body)
    }
}

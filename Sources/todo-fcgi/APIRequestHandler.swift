import Accounts
import FastCGI
import Locks
import Metrics
import Storage
import TodoAPI

/// One worker thread's bridge from the transport to the application. Each request borrows its stores from the
/// process's `SharedStores` for as long as it runs (inside the API's concurrency bound, for the task routes).
final class APIRequestHandler: RequestHandler {
    private let context: ServiceContext
    private let stores: SharedStores
    /// Bounds how many requests outside `/api/auth/` run at once (nil: no bound).
    private let apiWork: ConcurrencyLimiter?

    init(context: ServiceContext, stores: SharedStores, apiWork: ConcurrencyLimiter? = nil) {
        self.context = context
        self.stores = stores
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
        let answer = { [context, stores] in
            stores.withStores(requestID: request.requestID) { context.application.handle(request, stores: $0) }
        }
        if let apiWork, !path.hasPrefix("/api/auth/") { return apiWork.run(answer) }
        return answer()
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

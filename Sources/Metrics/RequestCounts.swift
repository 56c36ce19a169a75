/// Requests answered, by route and status: a fixed table of counters, one relaxed atomic add per request.
public final class RequestCounts: Sendable {
    /// The route labels, as given; a route index is a position in it.
    public let routes: [String]
    /// The statuses counted by name; any other is counted as `other`.
    public static let statuses = [200, 201, 204, 302, 400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 502, 503, 504]
    private let counters: [Counter]

    public init(routes: [String]) {
        self.routes = routes
        counters = (0..<(routes.count * (Self.statuses.count + 1))).map { _ in Counter() }
    }

    /// Counts one request of route `route` (an index in `routes`) answered `status`.
    public func record(route: Int, status: Int) {
        let column = Self.statuses.firstIndex(of: status) ?? Self.statuses.count
        counters[route * (Self.statuses.count + 1) + column].add()
    }

    /// How many requests of `route` were answered `status` (nil: every status not named).
    public func count(route: Int, status: Int?) -> Int {
        let column = status.flatMap { Self.statuses.firstIndex(of: $0) } ?? Self.statuses.count
        return counters[route * (Self.statuses.count + 1) + column].value
    }

    /// Writes the counter family `name`, one sample per route and status seen (zeros are left out).
    public func write(_ name: String, help: String, to text: inout PrometheusText) {
        text.family(name, type: "counter", help: help)
        for (route, label) in routes.enumerated() {
            for column in 0...Self.statuses.count {
                let value = counters[route * (Self.statuses.count + 1) + column].value
                guard value > 0 else { continue }
                let status = column < Self.statuses.count ? String(Self.statuses[column]) : "other"
                text.sample(name, labels: [("route", label), ("status", status)], value)
            }
        }
    }
}

import TodoAPI

/// The route label a request is counted under in /api/metrics: the route's shape (`tasks`, `task`,
/// `auth/sign-in/email`), never a user id, a task id or a token, so the number of series stays fixed.
enum MetricsRoute {
    /// Every label, in index order.
    static let labels: [String] =
        ["health", "metrics", "tasks", "task", "task_complete"]
        + AuthEndpoint.allCases.map { "auth/" + $0.segments.joined(separator: "/") } + ["auth/unknown", "other"]

    static let health = 0
    static let metrics = 1
    private static let tasks = 2
    private static let task = 3
    private static let taskComplete = 4
    private static let firstAuth = 5
    private static let authUnknown = labels.count - 2
    static let other = labels.count - 1

    /// True for the metrics document's own path, which the responder answers before routing.
    static func isMetrics(path: String) -> Bool {
        path == "/api/metrics"
    }

    /// The label index of the route `TodoApplication.handle` matched (nil: none matched).
    static func index(route: Route?) -> Int {
        switch route {
        case nil: other
        case .health?: health
        case .tasks?: tasks
        case .task?: task
        case .taskCompletion?: taskComplete
        case .auth(nil)?: authUnknown
        case .auth(let endpoint?)?: AuthEndpoint.allCases.firstIndex(of: endpoint).map { firstAuth + $0 } ?? authUnknown
        }
    }
}

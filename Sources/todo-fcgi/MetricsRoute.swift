import TodoAPI

/// The route label a request is counted under in /api/metrics: the route's shape (`tasks`, `task`,
/// `auth/sign-in/email`), never a user id, a task id or a token, so the number of series stays fixed.
enum MetricsRoute {
    /// Every label, in index order.
    static let labels: [String] =
        ["health", "metrics", "tasks", "task", "task_complete"]
        + AuthEndpoint.allCases.map { "auth/" + $0.segments.joined(separator: "/") } + ["auth/unknown", "other"]

    private static let authIndex: [String: Int] = Dictionary(
        uniqueKeysWithValues: labels.enumerated().filter { $0.element.hasPrefix("auth/") }.map {
            (String($0.element.dropFirst("auth/".count)), $0.offset)
        })
    static let health = 0
    static let metrics = 1
    private static let tasks = 2
    private static let task = 3
    private static let taskComplete = 4
    private static let authUnknown = labels.count - 2
    static let other = labels.count - 1

    /// The label index of `path` (without its query). Task routes are told apart by their bytes alone (no array,
    /// no copy: this runs for every request).
    static func index(path: String) -> Int {
        guard path.hasPrefix("/api/") else { return other }
        let rest = path.utf8.dropFirst("/api/".utf8.count)
        if rest.elementsEqual("health".utf8) { return health }
        if rest.elementsEqual("metrics".utf8) { return metrics }
        if rest.starts(with: "auth/".utf8) { return authRoute(String(path.dropFirst("/api/auth/".count))) }
        return taskRoute(rest)
    }

    /// `{user}/tasks`, `{user}/tasks/{id}`, `{user}/tasks/{id}/complete`; anything else `other`.
    private static func taskRoute(_ rest: Substring.UTF8View) -> Int {
        var segments = 1
        var segmentStart = rest.startIndex
        var second = false
        var fourth = false
        var index = rest.startIndex
        while true {
            let atEnd = index == rest.endIndex
            if atEnd || rest[index] == UInt8(ascii: "/") {
                let segment = rest[segmentStart..<index]
                if segment.isEmpty { return other }
                if segments == 2 { second = segment.elementsEqual("tasks".utf8) }
                if segments == 4 { fourth = segment.elementsEqual("complete".utf8) }
                if atEnd { break }
                segments += 1
                segmentStart = rest.index(after: index)
            }
            index = rest.index(after: index)
        }
        guard second else { return other }
        switch segments {
        case 2: return tasks
        case 3: return task
        case 4: return fourth ? taskComplete : other
        default: return other
        }
    }

    private static func authRoute(_ name: String) -> Int {
        if let index = authIndex[name] { return index }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0] == "reset-password", !parts[1].isEmpty,
            let index = authIndex["reset-password/{token}"]
        {
            return index
        }
        return authUnknown
    }
}

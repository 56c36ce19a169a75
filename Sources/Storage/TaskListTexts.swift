/// The SQL text of every task listing, one per combination of status filter, sort order and search, built once
/// by a dialect's builder (each `SQLDialect` holds one).
public struct TaskListTexts: Sendable {
    private struct Shape: Hashable {
        var status: TaskStatusFilter
        var sort: TaskSortOrder
        var searching: Bool
    }

    private let texts: [Shape: String]

    /// Calls `build` once for every combination.
    public init(build: (TaskStatusFilter, TaskSortOrder, Bool) -> String) {
        var texts: [Shape: String] = [:]
        for status in TaskStatusFilter.allCases {
            for sort in TaskSortOrder.allCases {
                for searching in [false, true] {
                    texts[Shape(status: status, sort: sort, searching: searching)] = build(status, sort, searching)
                }
            }
        }
        self.texts = texts
    }

    /// The text for one listing.
    public func text(status: TaskStatusFilter, sort: TaskSortOrder, searching: Bool) -> String {
        texts[Shape(status: status, sort: sort, searching: searching)]!
    }
}

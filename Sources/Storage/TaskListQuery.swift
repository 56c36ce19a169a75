/// What a task listing asks for. The API layer validates ranges (e.g. `limit` at most 1000).
public struct TaskListQuery: Sendable, Equatable {
    /// Which tasks to include, by completion.
    public var status: TaskStatusFilter
    /// The order of the results.
    public var sort: TaskSortOrder
    /// A case-insensitive substring of the title or description; `%` and `_` are literal. Nil matches all.
    public var search: String?
    /// At most this many tasks.
    public var limit: Int
    /// Skip this many tasks first.
    public var offset: Int

    /// Creates a query; the defaults list every task, newest first, 100 at a time.
    public init(
        status: TaskStatusFilter = .all,
        sort: TaskSortOrder = .createdDescending,
        search: String? = nil,
        limit: Int = 100,
        offset: Int = 0
    ) {
        self.status = status
        self.sort = sort
        self.search = search
        self.limit = limit
        self.offset = offset
    }
}

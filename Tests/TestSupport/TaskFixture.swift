import Storage

/// A test fixture with a task store: tasks made from titles, and listings read as titles.
public protocol TaskFixture {
    var tasks: SQLTaskStore { get }
}

extension TaskFixture {
    /// Creates tasks for `owner` with the given titles, at `now`, `now + 1`... ms.
    @discardableResult
    public func create(_ titles: [String], owner: String = "alice", now: Int64 = 1_000) throws -> [TaskRecord] {
        var records: [TaskRecord] = []
        for (offset, title) in titles.enumerated() {
            records.append(try tasks.create(owner: owner, title: title, description: nil, now: now + Int64(offset)))
        }
        return records
    }

    /// The titles the owner's listing returns for `query`.
    public func titles(_ query: TaskListQuery, owner: String = "alice") throws -> [String] {
        try tasks.list(owner: owner, query: query).map(\.title)
    }
}

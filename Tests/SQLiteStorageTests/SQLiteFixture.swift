import Storage
import TestSupport

@testable import SQLiteStorage

/// A migrated database in a temporary directory, its connection and the stores on it.
final class SQLiteFixture {
    let directory = TemporaryDirectory()
    let path: String
    let connection: SQLiteConnection
    let tasks: SQLTaskStore
    let users: SQLUserStore

    init() throws {
        path = directory.file("data/todo.db")
        connection = try SQLiteDatabase.open(path: path)
        tasks = SQLTaskStore(connection)
        users = SQLUserStore(connection)
    }

    deinit {
        connection.close()
    }

    /// Creates tasks for `owner` with the given titles, at `now`, `now + 1`... ms.
    @discardableResult
    func create(_ titles: [String], owner: String = "alice", now: Int64 = 1_000) throws -> [TaskRecord] {
        var records: [TaskRecord] = []
        for (offset, title) in titles.enumerated() {
            records.append(try tasks.create(owner: owner, title: title, description: nil, now: now + Int64(offset)))
        }
        return records
    }

    /// The titles the owner's listing returns for `query`.
    func titles(_ query: TaskListQuery, owner: String = "alice") throws -> [String] {
        try tasks.list(owner: owner, query: query).map(\.title)
    }
}

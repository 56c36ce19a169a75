import Storage
import TestSupport

@testable import SQLiteStorage

/// A migrated database in a temporary directory, its connection and the stores on it.
final class SQLiteFixture: TaskFixture {
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
}

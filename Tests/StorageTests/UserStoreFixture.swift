import TestSupport

@testable import Storage

/// A migrated database in a temporary directory with a user store and a task store on one connection.
final class UserStoreFixture {
    let directory = TemporaryDirectory()
    let path: String
    let connection: SQLiteConnection
    let users: SQLiteUserStore
    let tasks: SQLiteTaskStore

    init() throws {
        path = directory.file("data/todo.db")
        connection = try Database.open(path: path)
        users = SQLiteUserStore(connection: connection)
        tasks = SQLiteTaskStore(connection: connection)
    }

    deinit {
        connection.close()
    }

    /// A user record with `id` and `email`, created at `now`.
    static func user(_ id: String, email: String, hash: String? = "salt:key", now: Int64 = 1_000) -> UserRecord {
        UserRecord(
            id: id, name: "Name of \(id)", email: email, emailVerified: false, image: nil, passwordHash: hash,
            createdAt: now, updatedAt: now)
    }

    /// A 32-byte token hash whose every byte is `byte`.
    static func hash(_ byte: UInt8) -> [UInt8] {
        [UInt8](repeating: byte, count: 32)
    }

    /// How many rows `table` holds for `userID`.
    func count(_ table: String, userID: String) throws -> Int64 {
        let column = table == "users" ? "id" : "user_id"
        let sql = "SELECT count(*) FROM \(table) WHERE \(column) = ?1"
        return try connection.query(sql, [.text(userID)]) { $0.int64(0) }.first ?? 0
    }
}

import PostgresStorage
import SQLiteStorage
import Storage
import TestSupport

/// A fresh database of one driver, migrated unless asked otherwise, with the stores on its executor: SQLite a
/// file in a temporary directory (one connection), PostgreSQL a database of its own on the PG_TEST_URL server
/// (a pool), dropped when the fixture is released.
final class StoreFixture: TaskFixture {
    let driver: Driver
    let executor: any StorageExecutor
    let tasks: SQLTaskStore
    let users: SQLUserStore
    /// Where the database lives; kept alive as long as the fixture.
    private let location: Location

    private enum Location {
        case sqlite(TemporaryDirectory, path: String)
        case postgres(ScratchPostgresDatabase, PGPool)
    }

    init(_ driver: Driver, migrated: Bool = true) throws {
        self.driver = driver
        switch driver {
        case .sqlite:
            let directory = TemporaryDirectory()
            let path = directory.file("data/todo.db")
            location = .sqlite(directory, path: path)
            executor = migrated ? try SQLiteDatabase.open(path: path) : try SQLiteConnection(path: path)
        case .postgres:
            let database = try ScratchPostgresDatabase { url, sql in
                let admin = try PGConnection(url: url)
                defer { admin.close() }
                try admin.executeScript(sql)
            }
            let pool = migrated ? try PostgresDatabase.open(url: database.url) : PGPool(url: database.url)
            location = .postgres(database, pool)
            executor = pool
        }
        tasks = SQLTaskStore(executor)
        users = SQLUserStore(executor)
    }

    deinit {
        // Before the database is dropped (or its directory removed).
        switch location {
        case .sqlite: (executor as? SQLiteConnection)?.close()
        case .postgres(_, let pool): pool.closeIdle()
        }
    }

    /// Opens the same database again, as another process (or host) would: a new connection or pool, migrated.
    func reopen() throws -> any StorageExecutor {
        switch location {
        case .sqlite(_, let path): try SQLiteDatabase.open(path: path)
        case .postgres(let database, _): try PostgresDatabase.open(url: database.url)
        }
    }

    /// What gives a thread an executor on this database: each SQLite thread opens a connection of its own,
    /// PostgreSQL's threads share this fixture's pool.
    var executorForAThread: @Sendable () throws -> any StorageExecutor {
        switch location {
        case .sqlite(_, let path):
            return { try SQLiteDatabase.open(path: path) }
        case .postgres(_, let pool):
            return { pool }
        }
    }

    // MARK: Looking behind the stores' backs

    /// `sql` written with SQLite's placeholders (`?1`, `?2`...) in this driver's (`$1`, `$2`... for PostgreSQL).
    func sql(_ sql: String) -> String {
        guard driver == .postgres else { return sql }
        let characters = Array(sql)
        var out = ""
        for (index, character) in characters.enumerated() {
            let numbered = character == "?" && index + 1 < characters.count && characters[index + 1].isNumber
            out.append(numbered ? "$" : character)
        }
        return out
    }

    /// Runs `sql` (with `?n` placeholders, see `sql(_:)`) and maps its rows.
    func query<T>(_ sql: String, _ values: [StorageValue] = [], row: (any StorageRow) -> T) throws -> [T] {
        let text = self.sql(sql)
        return try executor.read { runner throws(StorageError) in try runner.query(text, values, row: row) }
    }

    /// Runs a script of statements with no values in one write transaction.
    func script(_ sql: String) throws {
        try executor.write { runner throws(StorageError) in try runner.executeScript(sql) }
    }

    /// `column` (bytes) as lower-case hexadecimal text, in this driver's SQL.
    func hex(_ column: String) -> String {
        switch driver {
        case .sqlite: "lower(hex(\(column)))"
        case .postgres: "encode(\(column), 'hex')"
        }
    }

    /// The names of every table and index of the schema.
    func schemaNames() throws -> [String] {
        switch driver {
        case .sqlite:
            return try query("SELECT name FROM sqlite_master") { $0.text(0) }
        case .postgres:
            return try query(
                """
                SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
                UNION SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
                """
            ) { $0.text(0) }
        }
    }

    /// How many rows `table` holds for `userID`.
    func count(_ table: String, userID: String) throws -> Int64 {
        let column = table == "users" ? "id" : "user_id"
        return try query("SELECT count(*) FROM \(table) WHERE \(column) = ?1", [.text(userID)]) { $0.int64(0) }.first
            ?? 0
    }

    // Tasks: create(_:owner:now:) and titles(_:owner:) come from TaskFixture.

    // MARK: Users

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
}

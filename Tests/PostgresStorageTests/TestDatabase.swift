import Storage
import TestSupport

@testable import PostgresStorage

/// A fresh, migrated database of its own on the PG_TEST_URL server (see `ScratchPostgresDatabase`), with a pool
/// on it; dropped when released. Tests that need it are enabled only when PG_TEST_URL is set.
final class TestDatabase {
    /// PG_TEST_URL, or nil when no server is available.
    static var serverURL: String? { ScratchPostgresDatabase.serverURL }

    private let database: ScratchPostgresDatabase
    let pool: PGPool

    var name: String { database.name }
    var url: String { database.url }

    init(poolSize: Int = 4) throws {
        database = try ScratchPostgresDatabase(runOnServer: Self.run)
        pool = try PostgresDatabase.open(url: database.url, poolSize: poolSize)
    }

    deinit {
        pool.closeIdle()
    }

    /// Runs one statement on the database `url` names, on a connection of its own.
    static func run(_ url: String, _ sql: String) throws {
        let connection = try PGConnection(url: url)
        defer { connection.close() }
        try connection.executeScript(sql)
    }

    /// `url` with its database (the path) replaced by `database`.
    static func url(_ url: String, database: String) -> String {
        ScratchPostgresDatabase.url(url, database: database)
    }

    /// One connection of its own (outside the pool), for looking behind the stores' backs.
    func connection() throws(StorageError) -> PGConnection {
        try PGConnection(url: url)
    }

    /// A user record with `id` and `email`.
    static func user(_ id: String, email: String) -> UserRecord {
        UserRecord(
            id: id, name: "N \(id)", email: email, emailVerified: false, image: nil, passwordHash: "aa:bb",
            createdAt: 1, updatedAt: 1)
    }
}

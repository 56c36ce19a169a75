import Foundation
import Storage
import Testing

@testable import PostgresStorage

/// Migrations, the pool's bound and reconnection, on a real server.
@Suite(.enabled(if: TestDatabase.serverURL != nil, "PG_TEST_URL is not set"))
struct PGPoolTests {
    @Test func migratesOnceEvenWhenSeveralHostsStartTogether() async throws {
        let database = try TestDatabase()
        // A second, empty database that several "hosts" migrate at once.
        let name = database.name + "_b"
        try database.connection().executeScript("CREATE DATABASE \(name)")
        let url = TestDatabase.url(database.url, database: name)
        defer { try? database.connection().executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let results = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let connection = try PGConnection(url: url)
                    defer { connection.close() }
                    let (from, to) = try PGMigrator.migrate(connection)
                    return [from, to]
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Exactly one host migrated, all the way; whichever it was, the others found the final version.
        let latest = PGMigration.latestVersion
        #expect(results.filter { $0 == [0, latest] }.count == 1, "\(results)")
        #expect(results.filter { $0 == [latest, latest] }.count == 3, "\(results)")
        let connection = try PGConnection(url: url)
        #expect(try PGMigrator.version(of: connection) == PGMigration.latestVersion)
        #expect(try PGMigrator.migrate(connection) == (PGMigration.latestVersion, PGMigration.latestVersion))
    }

    @Test func refusesADatabaseNewerThanTheCode() throws {
        let database = try TestDatabase()
        try database.connection().executeScript("UPDATE schema_version SET version = 99")
        let newer = MigrationError.databaseNewerThanCode(
            databaseVersion: 99, latestKnownVersion: PGMigration.latestVersion)
        #expect(throws: newer) {
            try PostgresDatabase.migrate(database.pool)
        }
    }

    @Test func waitsForAFreeConnectionThenGivesUp() throws {
        let database = try TestDatabase()
        let pool = PGPool(url: database.url, size: 1, waitTimeout: 0.2)
        try pool.withConnection { _ in
            #expect(throws: PGError.self) { try pool.withConnection { _ in } }
            return
        }
        #expect(pool.openConnections == 1)
        try pool.withConnection { _ = try $0.execute("SELECT 1") }
        #expect(pool.openConnections == 1)
    }

    @Test func replacesAConnectionTheServerClosedWhileIdle() throws {
        let database = try TestDatabase()
        let pool = PGPool(url: database.url, size: 1)
        let store = PGTaskStore(pool: database.pool)
        let first = try pool.withConnection { try $0.query("SELECT pg_backend_pid()") { $0.int64(0) } }
        // An administrator (or a restart) ends the idle session.
        try database.connection().query("SELECT pg_terminate_backend($1)", [.integer(first[0])]) { _ in }
        usleep(100_000)
        let second = try pool.withConnection { try $0.query("SELECT pg_backend_pid()") { $0.int64(0) } }
        #expect(second != first)
        try store.ping()
    }

    @Test func aBrokenConnectionIsClosedNotReused() throws {
        let database = try TestDatabase()
        let pool = PGPool(url: database.url, size: 1)
        #expect(throws: PGError.self) {
            try pool.withConnection { connection in
                let pid = try connection.query("SELECT pg_backend_pid()") { $0.int64(0) }[0]
                try database.connection().query("SELECT pg_terminate_backend($1)", [.integer(pid)]) { _ in }
                usleep(100_000)
                _ = try connection.execute("SELECT 1")
            }
        }
        #expect(pool.openConnections == 0)
        try pool.withConnection { _ = try $0.execute("SELECT 1") }
    }

    @Test func preparesEachStatementOncePerConnection() throws {
        let database = try TestDatabase()
        let connection = try database.connection()
        for owner in ["a", "b", "c"] {
            _ = try connection.query(PGTaskSQL.select, [.text(owner), .integer(1)]) { $0.int64(0) }
            _ = try connection.execute(PGTaskSQL.delete, [.text(owner), .integer(1)])
        }
        #expect(connection.cachedStatementCount == 2)
        // A failing statement (here a unique violation) stays prepared; the connection stays usable.
        let users = PGUserStore(pool: database.pool)
        _ = try users.insert(PGUserStoreTests.user("u1", email: "u1@example.com"))
        let error = #expect(throws: PGError.self) {
            try users.insert(PGUserStoreTests.user("u1", email: "secret-address@example.com"))
        }
        #expect(error?.sqlState == "23505")
        #expect(!"\(String(describing: error))".contains("secret-address"), "a bound value leaked into the error")
        #expect(try users.user(id: "u1") != nil)
    }
}

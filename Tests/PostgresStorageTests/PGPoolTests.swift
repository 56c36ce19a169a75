import Storage
import Testing

@testable import PostgresStorage

#if canImport(Glibc)
    import Glibc
#endif

/// Migrations, the pool's bound and reconnection, on a real server.
@Suite(.enabled(if: TestDatabase.serverURL != nil, "PG_TEST_URL is not set"))
struct PGPoolTests {
    private let latest = Migrator.latestVersion(.postgres)

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
                    let pool = PGPool(url: url, size: 1)
                    defer { pool.closeIdle() }
                    let (from, to) = try Migrator.migrate(pool)
                    return [from, to]
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Exactly one host migrated, all the way; whichever it was, the others found the final version.
        #expect(results.filter { $0 == [0, latest] }.count == 1, "\(results)")
        #expect(results.filter { $0 == [latest, latest] }.count == 3, "\(results)")
        let pool = PGPool(url: url, size: 1)
        defer { pool.closeIdle() }
        #expect(try Migrator.version(of: pool) == latest)
        #expect(try Migrator.migrate(pool) == (latest, latest))
    }

    @Test func recordsTheVersionInSchemaVersionAndRefusesANewerOne() throws {
        let database = try TestDatabase()
        let recorded = try database.connection().query("SELECT version FROM schema_version") { $0.int64(0) }
        #expect(recorded == [Int64(latest)])
        try database.connection().executeScript("UPDATE schema_version SET version = 99")
        let migrating = #expect(throws: StorageError.self) { try Migrator.migrate(database.pool) }
        let opening = #expect(throws: StorageError.self) { try PostgresDatabase.open(url: database.url) }
        for error in [migrating, opening] {
            #expect(error?.kind == .schemaNewerThanCode)
            #expect(error?.description == StorageError.schemaNewerThanCode(found: 99, known: latest).description)
        }
    }

    @Test func waitsForAFreeConnectionThenGivesUp() throws {
        let database = try TestDatabase()
        let pool = PGPool(url: database.url, size: 1, waitTimeout: 0.2)
        try pool.withConnection { _ throws(StorageError) in
            let error = #expect(throws: StorageError.self) { try pool.withConnection { _ in } }
            #expect(error?.kind == .unavailable)
            #expect(error?.description.contains("all 1 connections stayed busy") == true)
        }
        #expect(pool.openConnections == 1)
        try pool.withConnection { connection throws(StorageError) in _ = try connection.execute("SELECT 1") }
        #expect(pool.openConnections == 1)
    }

    @Test func replacesAConnectionTheServerClosedWhileIdle() throws {
        let database = try TestDatabase()
        let pool = PGPool(url: database.url, size: 1)
        let store = SQLTaskStore(pool)
        let first = try pool.withConnection { connection throws(StorageError) in
            try connection.query("SELECT pg_backend_pid()") { $0.int64(0) }
        }
        // An administrator (or a restart) ends the idle session.
        try database.connection().query("SELECT pg_terminate_backend($1)", [.integer(first[0])]) { _ in }
        usleep(100_000)
        let second = try pool.withConnection { connection throws(StorageError) in
            try connection.query("SELECT pg_backend_pid()") { $0.int64(0) }
        }
        #expect(second != first)
        try store.ping()
        #expect(pool.openConnections == 1)
    }

    @Test func aBrokenConnectionIsClosedNotReused() throws {
        let database = try TestDatabase()
        let pool = PGPool(url: database.url, size: 1)
        let error = #expect(throws: StorageError.self) {
            try pool.withConnection { connection throws(StorageError) in
                let pid = try connection.query("SELECT pg_backend_pid()") { $0.int64(0) }[0]
                try database.connection().query("SELECT pg_terminate_backend($1)", [.integer(pid)]) { _ in }
                usleep(100_000)
                _ = try connection.execute("SELECT 1")
            }
        }
        #expect(error?.kind == .unavailable)
        #expect(pool.openConnections == 0)
        try pool.withConnection { connection throws(StorageError) in _ = try connection.execute("SELECT 1") }
    }

    @Test func preparesEachStatementOncePerConnection() throws {
        let database = try TestDatabase()
        let connection = try database.connection()
        let sql = SQLDialect.postgres.tasks
        for owner in ["a", "b", "c"] {
            _ = try connection.query(sql.select, [.text(owner), .integer(1)]) { $0.int64(0) }
            _ = try connection.execute(sql.delete, [.text(owner), .integer(1)])
        }
        #expect(connection.cachedStatementCount == 2)
        // A failing statement (here a unique violation) stays prepared; the connection stays usable.
        let users = SQLUserStore(database.pool)
        _ = try users.insert(TestDatabase.user("u1", email: "u1@example.com"))
        let error = #expect(throws: StorageError.self) {
            try users.insert(TestDatabase.user("u1", email: "secret-address@example.com"))
        }
        #expect(error?.kind == .constraint)
        #expect(error?.description.hasPrefix("PostgreSQL error 23505 ") == true)
        #expect(!"\(String(describing: error))".contains("secret-address"), "a bound value leaked into the error")
        #expect(try users.user(id: "u1") != nil)
    }

    @Test func aSerializationFailureIsBusyAndRetried() throws {
        let database = try TestDatabase()
        // Each attempt fails with 40001 until the third: the transaction runs again and commits.
        try database.connection().executeScript(
            """
            CREATE SEQUENCE attempts;
            CREATE FUNCTION flaky() RETURNS integer LANGUAGE plpgsql AS $$
            BEGIN
              IF nextval('attempts') < 3 THEN
                RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure';
              END IF;
              RETURN 1;
            END $$;
            """)
        let value = try database.pool.write { runner throws(StorageError) in
            try runner.query("SELECT flaky()") { $0.int64(0) }
        }
        #expect(value == [1])
        // Outside `write` nothing retries: the failure reaches the caller as `.busy`.
        let connection = try database.connection()
        _ = try connection.query("SELECT setval('attempts', 1)") { _ in }
        let error = #expect(throws: StorageError.self) { try connection.execute("SELECT flaky()") }
        #expect(error?.kind == .busy)
    }
}

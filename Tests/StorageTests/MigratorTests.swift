import Synchronization
import TestSupport
import Testing

@testable import Storage

@Suite struct MigratorTests {
    @Test func migratesAnEmptyDatabase() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.file("todo.db"))
        #expect(try Migrator.version(of: connection) == 0)

        let result = try Migrator.migrate(connection)

        #expect(result.from == 0)
        #expect(result.to == Migration.latestVersion)
        #expect(try Migrator.version(of: connection) == Migration.latestVersion)
        let names = try connection.query("SELECT name FROM sqlite_master ORDER BY name") { $0.text(0) }
        #expect(names.contains("tasks"))
        #expect(names.contains("tasks_owner_created"))
        #expect(names.contains("tasks_owner_updated"))
    }

    @Test func isIdempotent() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.db")
        let first = try Database.open(path: path)
        let store = SQLiteTaskStore(connection: first)
        let task = try store.create(owner: "alice", title: "kept", description: nil, now: 1)

        let again = try Migrator.migrate(first)
        let second = try Database.open(path: path)

        #expect(again.from == Migration.latestVersion && again.to == Migration.latestVersion)
        #expect(try SQLiteTaskStore(connection: second).get(owner: "alice", id: task.id) == task)
    }

    @Test func refusesADatabaseNewerThanTheCode() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.db")
        let connection = try Database.open(path: path)
        let newer = Migration.latestVersion + 1
        try connection.executeScript("PRAGMA user_version = \(newer)")

        let expected = MigrationError.databaseNewerThanCode(
            databaseVersion: newer, latestKnownVersion: Migration.latestVersion)
        #expect(throws: expected) { try Migrator.migrate(connection) }
        #expect(throws: expected) { try Database.open(path: path) }
        #expect(expected.description.contains("version \(newer)"))
    }

    @Test func migrationsAreNumberedInOrder() {
        #expect(Migration.all.map(\.version) == Array(1...Migration.all.count))
    }

    @Test func ofSeveralMigratingAtOnceExactlyOneMigratesAllTheWay() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.db")
        let results = Results()
        let errors = runOnThreads(
            (0..<4).map { _ in
                { @Sendable in
                    let (from, to) = try Migrator.migrate(SQLiteConnection(path: path))
                    results.list.withLock { $0.append([from, to]) }
                }
            })
        #expect(errors.isEmpty, "\(errors)")
        let latest = Migration.latestVersion
        let seen = results.list.withLock { $0 }
        #expect(seen.filter { $0 == [0, latest] }.count == 1, "\(seen)")
        #expect(seen.filter { $0 == [latest, latest] }.count == 3, "\(seen)")
    }

    @Test func twoProcessesMigratingAtOnceApplyEachMigrationOnce() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.db")
        let errors = runOnThreads(
            (0..<4).map { _ in
                { @Sendable in _ = try Database.open(path: path) }
            })
        #expect(errors.isEmpty, "\(errors)")
        #expect(try Migrator.version(of: SQLiteConnection(path: path)) == Migration.latestVersion)
    }
}

/// What each thread's migration run returned.
private final class Results: Sendable {
    let list = Mutex<[[Int]]>([])
}

import Storage
import Synchronization
import TestSupport
import Testing

@testable import SQLiteStorage

/// What is SQLite's own in migrating: the version in `PRAGMA user_version`, and several connections (standing for
/// processes) migrating one file at once.
@Suite struct MigratorTests {
    private let latest = Migrator.latestVersion(.sqlite)

    @Test func recordsTheVersionInUserVersion() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.file("todo.db"))
        #expect(try connection.query("PRAGMA user_version") { $0.int64(0) } == [0])

        try Migrator.migrate(connection)

        #expect(try connection.query("PRAGMA user_version") { $0.int64(0) } == [Int64(latest)])
        let names = try connection.query("SELECT name FROM sqlite_master ORDER BY name") { $0.text(0) }
        #expect(names.contains("tasks"))
        #expect(names.contains("tasks_owner_created"))
        #expect(names.contains("tasks_owner_updated"))
    }

    /// Version 5 rebuilds the listing index with every column: a version-4 file keeps its tasks and lists them the
    /// same, now from the index alone.
    @Test func version5MakesTheListingIndexCoveringAndKeepsTheTasks() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.file("todo.db"))
        defer { connection.close() }
        _ = try Migrator.migrate(connection, migrations: Array(SQLDialect.sqlite.schema.migrations.prefix(4)))
        let store = SQLTaskStore(connection)
        let first = try store.create(owner: "a", title: "first", description: "with words", now: 1)
        let second = try store.create(owner: "a", title: "second", description: nil, now: 2)
        _ = try store.create(owner: "b", title: "other", description: nil, now: 3)

        let result = try Migrator.migrate(connection)

        #expect(result.from == 4 && result.to == latest)
        let columns = try connection.query("SELECT name FROM pragma_index_info('tasks_owner_created') ORDER BY seqno") {
            $0.text(0)
        }
        #expect(columns == ["user_id", "created_at", "id", "completed", "updated_at", "title", "description"])
        #expect(try store.list(owner: "a", query: TaskListQuery()) == [second, first])
        #expect(try store.list(owner: "a", query: TaskListQuery(status: .pending, search: "WORDS")) == [first])
        #expect(try connection.query("PRAGMA integrity_check") { $0.text(0) } == ["ok"])
    }

    @Test func refusesADatabaseNewerThanTheCode() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.db")
        let connection = try SQLiteDatabase.open(path: path)
        let newer = latest + 1
        try connection.executeScript("PRAGMA user_version = \(newer)")

        let migrating = try #require(throws: StorageError.self) { try Migrator.migrate(connection) }
        let opening = try #require(throws: StorageError.self) { try SQLiteDatabase.open(path: path) }
        for error in [migrating, opening] {
            #expect(error.kind == .schemaNewerThanCode)
            #expect(error.description == StorageError.schemaNewerThanCode(found: newer, known: latest).description)
            #expect(error.description.contains("version \(newer)"))
        }
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
        let latest = latest
        let seen = results.list.withLock { $0 }
        #expect(seen.filter { $0 == [0, latest] }.count == 1, "\(seen)")
        #expect(seen.filter { $0 == [latest, latest] }.count == 3, "\(seen)")
    }

    @Test func twoProcessesMigratingAtOnceApplyEachMigrationOnce() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.db")
        let errors = runOnThreads(
            (0..<4).map { _ in
                { @Sendable in _ = try SQLiteDatabase.open(path: path) }
            })
        #expect(errors.isEmpty, "\(errors)")
        #expect(try Migrator.version(of: SQLiteConnection(path: path)) == latest)
    }
}

/// What each thread's migration run returned.
private final class Results: Sendable {
    let list = Mutex<[[Int]]>([])
}

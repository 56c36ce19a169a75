import TestSupport
import Testing

@testable import Storage

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ConnectionTests {
    @Test func createsTheParentDirectoryAndConfiguresThePragmas() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.file("a/b/todo.db"))

        var info = stat()
        #expect(stat(directory.file("a/b"), &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFDIR)
        #expect(info.st_mode & 0o027 == 0)  // 0750, less the umask
        #expect(try connection.query("PRAGMA journal_mode") { $0.text(0) } == ["wal"])
        #expect(try connection.query("PRAGMA synchronous") { $0.int64(0) } == [1])  // NORMAL
        #expect(try connection.query("PRAGMA foreign_keys") { $0.int64(0) } == [1])
        #expect(try connection.query("PRAGMA busy_timeout") { $0.int64(0) } == [5_000])
        #expect(try connection.query("PRAGMA cache_size") { $0.int64(0) } == [-256])
        #expect(try connection.query("PRAGMA journal_size_limit") { $0.int64(0) } == [67_108_864])
        let folded = try connection.query("SELECT casefold('ÉCLAIR Ünïcode'), casefold(NULL) IS NULL") {
            [$0.text(0), $0.text(1)]
        }
        #expect(folded == [["éclair ünïcode", "1"]])
    }

    @Test func reusesCachedStatements() throws {
        let fixture = try StoreFixture()
        let task = try fixture.create(["one"])[0]
        let statement = try fixture.connection.cachedStatement(TaskSQL.select)
        let count = fixture.connection.cachedStatementCount

        for _ in 0..<10 {
            #expect(try fixture.store.get(owner: "alice", id: task.id) == task)
        }

        #expect(try fixture.connection.cachedStatement(TaskSQL.select) == statement)
        #expect(fixture.connection.cachedStatementCount == count)
    }

    @Test func evictsAStatementThatFailed() throws {
        let fixture = try StoreFixture()
        let sql = "INSERT INTO tasks (user_id, title, completed, created_at, updated_at) VALUES (?, ?, ?, 1, 1)"
        try fixture.connection.execute(sql, [.text("alice"), .text("fine"), .integer(1)])
        #expect(fixture.connection.statements[sql] != nil)

        #expect(throws: SQLiteError.self) {
            try fixture.connection.execute(sql, [.text("alice"), .text("bad"), .integer(2)])
        }

        #expect(fixture.connection.statements[sql] == nil)
        try fixture.connection.execute(sql, [.text("alice"), .text("again"), .integer(0)])
        #expect(try fixture.store.list(owner: "alice", query: TaskListQuery()).count == 2)
    }

    @Test func errorsNeverContainBoundValues() throws {
        let fixture = try StoreFixture()
        let secret = "s3cret-title-value"
        let sql = "INSERT INTO tasks (user_id, title, completed, created_at, updated_at) VALUES (?, ?, ?, 1, 1)"

        let error = try #require(throws: SQLiteError.self) {
            try fixture.connection.execute(sql, [.text(secret), .text(secret), .integer(987_654)])
        }

        #expect(error.code == 275)  // SQLITE_CONSTRAINT_CHECK
        #expect(error.primaryCode == 19)  // SQLITE_CONSTRAINT
        #expect(!error.isBusy)
        #expect(error.sql == sql)
        #expect(!error.description.contains(secret))
        #expect(!error.message.contains(secret))
        #expect(!error.description.contains("987654"))
        let json = try #require(throws: SQLiteError.self) {
            try fixture.connection.query("SELECT json(?)", [.text(secret)]) { _ in }
        }
        #expect(!json.description.contains(secret))
    }

    @Test func classifiesBusyCodes() {
        #expect(SQLiteError(code: 5, message: "").isBusy)  // SQLITE_BUSY
        #expect(SQLiteError(code: 517, message: "").isBusy)  // SQLITE_BUSY_SNAPSHOT
        #expect(SQLiteError(code: 6, message: "").isBusy)  // SQLITE_LOCKED
        #expect(!SQLiteError(code: 19, message: "").isBusy)
    }

    @Test func bindsAndReadsTextWithNulAndEmptyStrings() throws {
        let fixture = try StoreFixture()
        let values = ["a\u{0}b", "", "😀 👩‍👩‍👧 é"]
        for value in values {
            let read = try fixture.connection.query("SELECT ?, typeof(?1), length(CAST(?1 AS BLOB))", [.text(value)]) {
                ($0.text(0), $0.text(1), $0.int64(2))
            }
            #expect(read.first?.0 == value)
            #expect(read.first?.1 == "text")
            #expect(read.first?.2 == Int64(value.utf8.count))
        }
    }

    @Test func rejectsTheWrongNumberOfBindingsAndSeveralStatements() throws {
        let fixture = try StoreFixture()
        #expect(throws: SQLiteError.self) { try fixture.connection.execute("SELECT ?, ?", [.integer(1)]) }
        #expect(throws: SQLiteError.self) { try fixture.connection.execute("SELECT 1; SELECT 2") }
    }

    @Test func writeRollsBackWhenTheBlockThrowsAndNestsInsideAnOuterWrite() throws {
        struct Failure: Error {}
        let fixture = try StoreFixture()
        #expect(throws: Failure.self) {
            try fixture.connection.write {
                _ = try fixture.store.create(owner: "alice", title: "undone", description: nil, now: 1)
                throw Failure()
            }
        }
        #expect(!fixture.connection.isInTransaction)
        #expect(try fixture.store.list(owner: "alice", query: TaskListQuery()).isEmpty)

        try fixture.connection.write {
            _ = try fixture.store.create(owner: "alice", title: "one", description: nil, now: 1)
            _ = try fixture.store.create(owner: "alice", title: "two", description: nil, now: 2)
        }
        #expect(try fixture.titles(TaskListQuery()) == ["two", "one"])
    }

    @Test func throwsMisuseOnceClosed() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.file("todo.db"))
        connection.close()
        let error = try #require(throws: SQLiteError.self) { try connection.execute("SELECT 1") }
        #expect(error.code == 21)  // SQLITE_MISUSE
    }
}

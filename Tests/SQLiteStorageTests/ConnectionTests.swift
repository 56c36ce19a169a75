import Storage
import TestSupport
import Testing

@testable import SQLiteStorage

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
        let fixture = try SQLiteFixture()
        let task = try fixture.create(["one"])[0]
        let select = SQLDialect.sqlite.tasks.select
        let statement = try fixture.connection.cachedStatement(select)
        let count = fixture.connection.cachedStatementCount

        for _ in 0..<10 {
            #expect(try fixture.tasks.get(owner: "alice", id: task.id) == task)
        }

        #expect(try fixture.connection.cachedStatement(select) == statement)
        #expect(fixture.connection.cachedStatementCount == count)
    }

    @Test func evictsAStatementThatFailed() throws {
        let fixture = try SQLiteFixture()
        let sql = "INSERT INTO tasks (user_id, title, completed, created_at, updated_at) VALUES (?, ?, ?, 1, 1)"
        try fixture.connection.execute(sql, [.text("alice"), .text("fine"), .integer(1)])
        #expect(fixture.connection.statements[sql] != nil)

        let error = try #require(throws: StorageError.self) {
            try fixture.connection.execute(sql, [.text("alice"), .text("bad"), .integer(2)])
        }
        #expect(error.kind == .constraint)

        #expect(fixture.connection.statements[sql] == nil)
        try fixture.connection.execute(sql, [.text("alice"), .text("again"), .integer(0)])
        #expect(try fixture.tasks.list(owner: "alice", query: TaskListQuery()).count == 2)
    }

    @Test func errorsNeverContainBoundValues() throws {
        let fixture = try SQLiteFixture()
        let secret = "s3cret-title-value"
        let sql = "INSERT INTO tasks (user_id, title, completed, created_at, updated_at) VALUES (?, ?, ?, 1, 1)"

        let error = try #require(throws: StorageError.self) {
            try fixture.connection.execute(sql, [.text(secret), .text(secret), .integer(987_654)])
        }

        #expect(error.kind == .constraint)  // SQLITE_CONSTRAINT
        #expect(error.description.hasPrefix("SQLite error 275 "))  // SQLITE_CONSTRAINT_CHECK
        #expect(error.description.hasSuffix(" in `\(sql)`"))
        #expect(!error.description.contains(secret))
        #expect(!error.description.contains("987654"))
        let json = try #require(throws: StorageError.self) {
            try fixture.connection.query("SELECT json(?)", [.text(secret)]) { _ in }
        }
        #expect(json.kind == .failure)
        #expect(!json.description.contains(secret))
    }

    @Test func classifiesResultCodesAsStorageErrorKinds() {
        #expect(SQLiteError(code: 5, message: "").kind == .busy)  // SQLITE_BUSY
        #expect(SQLiteError(code: 517, message: "").kind == .busy)  // SQLITE_BUSY_SNAPSHOT
        #expect(SQLiteError(code: 6, message: "").kind == .busy)  // SQLITE_LOCKED
        #expect(SQLiteError(code: 19, message: "").kind == .constraint)  // SQLITE_CONSTRAINT
        #expect(SQLiteError(code: 1555, message: "").kind == .constraint)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(SQLiteError(code: 787, message: "").kind == .constraint)  // SQLITE_CONSTRAINT_FOREIGNKEY
        #expect(SQLiteError(code: 14, message: "").kind == .unavailable)  // SQLITE_CANTOPEN
        #expect(SQLiteError(code: 1, message: "").kind == .failure)  // SQLITE_ERROR
        #expect(SQLiteError(code: 13, message: "").kind == .failure)  // SQLITE_FULL
        #expect(SQLiteError(code: 21, message: "").kind == .failure)  // SQLITE_MISUSE
        let error = SQLiteError(code: 275, message: "CHECK constraint failed", sql: "INSERT ?1").storageError
        #expect(error.kind == .constraint)
        #expect(error.description == "SQLite error 275 (constraint failed): CHECK constraint failed in `INSERT ?1`")
    }

    @Test func aLockHeldByAnotherConnectionIsBusyAndAMissingFileUnavailable() throws {
        let fixture = try SQLiteFixture()
        let other = try SQLiteDatabase.open(path: fixture.path)
        try other.execute("PRAGMA busy_timeout = 0")
        try fixture.connection.execute("BEGIN IMMEDIATE")
        defer { _ = try? fixture.connection.execute("ROLLBACK") }

        let busy = try #require(throws: StorageError.self) { try other.execute("BEGIN IMMEDIATE") }
        #expect(busy.kind == .busy)
        #expect(busy.isTemporary)

        let missing = try #require(throws: StorageError.self) {
            try SQLiteDatabase.openReadOnly(path: fixture.directory.file("missing.db"))
        }
        #expect(missing.kind == .unavailable)
    }

    @Test func bindsAndReadsTextWithNulAndEmptyStrings() throws {
        let fixture = try SQLiteFixture()
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
        let fixture = try SQLiteFixture()
        let count = try #require(throws: StorageError.self) {
            try fixture.connection.execute("SELECT ?, ?", [.integer(1)])
        }
        #expect(count.kind == .failure)
        #expect(count.description.contains("expected 2 bound values, got 1"))
        let several = try #require(throws: StorageError.self) { try fixture.connection.execute("SELECT 1; SELECT 2") }
        #expect(several.kind == .failure)
        #expect(several.description.contains("expected exactly one statement"))
    }

    @Test func writeRollsBackWhenTheBlockThrowsAndNestsInsideAnOuterWrite() throws {
        let fixture = try SQLiteFixture()
        let failure = StorageError(.failure, "the block gave up")
        let thrown = try #require(throws: StorageError.self) {
            try fixture.connection.write { _ throws(StorageError) in
                _ = try fixture.tasks.create(owner: "alice", title: "undone", description: nil, now: 1)
                throw failure
            }
        }
        #expect(thrown.description == failure.description)
        #expect(!fixture.connection.isInTransaction)
        #expect(try fixture.tasks.list(owner: "alice", query: TaskListQuery()).isEmpty)

        try fixture.connection.write { _ throws(StorageError) in
            _ = try fixture.tasks.create(owner: "alice", title: "one", description: nil, now: 1)
            _ = try fixture.tasks.create(owner: "alice", title: "two", description: nil, now: 2)
        }
        #expect(try fixture.titles(TaskListQuery()) == ["two", "one"])
    }

    @Test func throwsMisuseOnceClosed() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.file("todo.db"))
        connection.close()
        let error = try #require(throws: StorageError.self) { try connection.execute("SELECT 1") }
        #expect(error.kind == .failure)
        #expect(error.description.hasPrefix("SQLite error 21 "))  // SQLITE_MISUSE
    }

    /// Listings by creation read the owner's covering index alone (schema version 5): no table lookup per row.
    @Test func listingsByCreationReadOnlyTheCoveringIndexWithoutSorting() throws {
        let fixture = try SQLiteFixture()
        for status in TaskStatusFilter.allCases {
            for searching in [false, true] {
                for sort in [TaskSortOrder.createdDescending, .created] {
                    let plan = try queryPlan(fixture, status: status, sort: sort, searching: searching)
                    let covering = "USING COVERING INDEX tasks_owner_created (user_id=?)"
                    #expect(plan.contains { $0.contains(covering) }, "\(plan)")
                    #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
                }
            }
        }
        let updated = try queryPlan(fixture, status: .all, sort: .updatedDescending, searching: false)
        #expect(updated.contains { $0.contains("USING INDEX tasks_owner_updated (user_id=?)") }, "\(updated)")
    }

    private func queryPlan(
        _ fixture: SQLiteFixture,
        status: TaskStatusFilter,
        sort: TaskSortOrder,
        searching: Bool
    ) throws -> [String] {
        let sql = SQLDialect.sqlite.tasks.list.text(status: status, sort: sort, searching: searching)
        var bindings: [StorageValue] = [.text("alice"), .integer(100), .integer(0)]
        if searching {
            bindings.append(.text("x"))
        }
        return try fixture.connection.query("EXPLAIN QUERY PLAN " + sql, bindings) { $0.text(3) }
    }
}

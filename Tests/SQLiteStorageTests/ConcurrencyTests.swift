import Storage
import TestSupport
import Testing

@testable import SQLiteStorage

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ConcurrencyTests {
    @Test func twoConnectionsWriteConcurrentlyWithoutBusyErrors() throws {
        let fixture = try SQLiteFixture()
        let path = fixture.path
        let perThread = 200

        let errors = runOnThreads(
            ["alice", "bob"].map { owner in
                { @Sendable in
                    let store = SQLTaskStore(try SQLiteDatabase.open(path: path))
                    for index in 0..<perThread {
                        let task = try store.create(owner: owner, title: "\(index)", description: nil, now: 1)
                        _ = try store.toggle(owner: owner, id: task.id, now: 2)
                        _ = try store.list(owner: owner, query: TaskListQuery(limit: 5))
                    }
                }
            })

        #expect(errors.isEmpty, "\(errors)")
        for owner in ["alice", "bob"] {
            let tasks = try fixture.tasks.list(owner: owner, query: TaskListQuery(status: .completed, limit: 1_000))
            #expect(tasks.count == perThread)
        }
    }

    /// A connection of its own holds the write lock through `hold` (which raises the flag once it holds it),
    /// then another connection, with a busy timeout of `busyTimeout` ms, creates bob's task `title`: it must get
    /// through.
    private func bobsWriteGetsThrough(
        _ title: String, busyTimeout: Int,
        whileHolding hold: @escaping @Sendable (SQLiteConnection, Flag) throws -> Void
    ) throws {
        let fixture = try SQLiteFixture()
        let path = fixture.path
        let locked = Flag()

        let errors = runOnThreads([
            { @Sendable in try hold(try SQLiteDatabase.open(path: path), locked) },
            { @Sendable in
                locked.wait()
                let other = try SQLiteDatabase.open(path: path)
                // Writes run on the gate's writer connection, so that is the one whose busy timeout counts.
                _ = try other.writerGate.pass { writer throws(StorageError) in
                    try writer.execute("PRAGMA busy_timeout = \(busyTimeout)")
                }
                _ = try SQLTaskStore(other).create(owner: "bob", title: title, description: nil, now: 1)
            },
        ])

        #expect(errors.isEmpty, "\(errors)")
        #expect(try fixture.titles(TaskListQuery(), owner: "bob") == [title])
    }

    @Test func writeRetriesWhenTheBusyTimeoutRunsOut() throws {
        // This writer gives up waiting after 10 ms, so only write's retries can get it through.
        try bobsWriteGetsThrough("late", busyTimeout: 10) { holder, locked in
            // As another process would: SQLite's lock without this process's writer gate.
            try holder.execute("BEGIN IMMEDIATE")
            try holder.execute("UPDATE tasks SET title = title")
            locked.raise()
            usleep(60_000)
            try holder.execute("COMMIT")
        }
    }

    @Test func writersOfOneProcessQueueOnTheGateInsteadOfGivingUp() throws {
        // With no busy timeout and the lock held for 400 ms, only waiting at the gate gets this through.
        try bobsWriteGetsThrough("queued", busyTimeout: 0) { holder, locked in
            try holder.write { runner throws(StorageError) in
                try runner.execute("UPDATE tasks SET title = title")
                locked.raise()
                usleep(400_000)  // longer than write's retries last (about 150 to 300 ms of backoff)
            }
        }
    }

    /// Every connection's writes run on the gate's one writer connection, whose page cache no other connection of
    /// this process invalidates; a `write` nested in another joins its transaction; the writer is closed with the
    /// last connection to the file.
    @Test func writesOfEveryConnectionRunOnTheGatesWriter() throws {
        let fixture = try SQLiteFixture()
        var a: SQLiteConnection? = try SQLiteDatabase.open(path: fixture.path)
        let b = try SQLiteDatabase.open(path: fixture.path)
        let fromA = try #require(a).write { runner throws(StorageError) in runner as? SQLiteConnection }
        let fromB = try b.write { runner throws(StorageError) in runner as? SQLiteConnection }
        let writer = try #require(fromA)
        #expect(writer === fromB)
        #expect(writer !== a && writer !== b && writer !== fixture.connection)
        #expect(writer.role == .gateWriter)

        let nested = try b.write { outer throws(StorageError) in
            try b.write { inner throws(StorageError) in (inner as? SQLiteConnection) === (outer as? SQLiteConnection) }
        }
        #expect(nested)

        // b's write is visible to a, and a reads it on its own connection.
        _ = try SQLTaskStore(b).create(owner: "alice", title: "through the writer", description: nil, now: 1)
        #expect(
            try SQLTaskStore(try #require(a)).list(owner: "alice", query: TaskListQuery()).map(\.title) == [
                "through the writer"
            ])

        a?.close()
        a = nil
        b.close()
        #expect(writer.db != nil)  // the fixture's connection is still open
        fixture.connection.close()
        #expect(writer.db == nil)
    }

    @Test func aReadOnlyConnectionNeverWritesThroughTheGate() throws {
        let fixture = try SQLiteFixture()
        _ = try fixture.tasks.create(owner: "alice", title: "kept", description: nil, now: 1)
        let reader = try SQLiteDatabase.openReadOnly(path: fixture.path)
        let refused = try #require(throws: StorageError.self) {
            try SQLTaskStore(reader).create(owner: "alice", title: "written", description: nil, now: 2)
        }
        #expect(refused.description.contains("readonly") || refused.description.contains("read-only"))
        #expect(try fixture.titles(TaskListQuery()) == ["kept"])
    }

    @Test func oneGatePerDatabaseFile() throws {
        let first = try SQLiteFixture()
        let second = try SQLiteFixture()
        let a = try SQLiteDatabase.open(path: first.path)
        let b = try SQLiteDatabase.open(path: first.path)
        let c = try SQLiteDatabase.open(path: second.path)
        #expect(a.writerGate === b.writerGate)
        #expect(a.writerGate !== c.writerGate)
    }
}

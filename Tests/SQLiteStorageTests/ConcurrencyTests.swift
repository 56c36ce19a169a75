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
                try other.execute("PRAGMA busy_timeout = \(busyTimeout)")
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

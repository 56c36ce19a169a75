import Storage
import Synchronization
import TestSupport
import Testing

@testable import SQLiteStorage

#if canImport(Glibc)
    import Glibc
#endif

/// Writers that find others waiting share one transaction (`WriterGate`): these tests make the second writer wait
/// while the first is inside its block, so the grouping does not depend on timing.
@Suite struct GroupCommitTests {
    /// What a test's threads saw, in the order they saw it.
    private final class Log: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// Runs `first` on one connection and, once it is inside its block and `second` waits for its turn, lets it
    /// finish; `second` runs on another connection. Both blocks get the writer; their errors are returned.
    private func whileSecondWaits(
        _ fixture: SQLiteFixture,
        first: @escaping @Sendable (SQLiteConnection, any StatementRunner) throws(StorageError) -> Void,
        second: @escaping @Sendable (SQLiteConnection, any StatementRunner) throws(StorageError) -> Void
    ) -> [any Error] {
        let path = fixture.path
        let inside = Flag()
        return runOnThreads([
            { @Sendable in
                let connection = try SQLiteDatabase.open(path: path)
                try connection.write { runner throws(StorageError) in
                    inside.raise()
                    while connection.writerGate.waitingWriters == 0 { usleep(200) }
                    try first(connection, runner)
                }
            },
            { @Sendable in
                let connection = try SQLiteDatabase.open(path: path)
                inside.wait()
                try connection.write { runner throws(StorageError) in try second(connection, runner) }
            },
        ])
    }

    private static func titles(_ runner: any StatementRunner) throws(StorageError) -> [String] {
        try runner.query("SELECT title FROM tasks ORDER BY id") { $0.text(0) }
    }

    @Test func aWriterThatWaitedJoinsTheOpenTransactionAndBothReturnAfterItsCommit() throws {
        let fixture = try SQLiteFixture()
        let gate = fixture.connection.writerGate
        let commitsBefore = gate.committedTransactions
        let log = Log()
        let path = fixture.path

        let errors = whileSecondWaits(
            fixture,
            first: { connection, _ throws(StorageError) in
                _ = try SQLTaskStore(connection).create(owner: "alice", title: "first", description: nil, now: 1)
            },
            second: { connection, runner throws(StorageError) in
                // The first write is in this transaction, and not committed: another connection does not see it.
                log.add("writer sees \(try Self.titles(runner))")
                let reader = try SQLiteDatabase.openReadOnly(path: path)
                log.add("reader sees \(try SQLTaskStore(reader).list(owner: "alice", query: TaskListQuery()).count)")
                reader.close()
                _ = try SQLTaskStore(connection).create(owner: "alice", title: "second", description: nil, now: 2)
                log.add("second done")
            })

        #expect(errors.isEmpty, "\(errors)")
        #expect(log.all == ["writer sees [\"first\"]", "reader sees 0", "second done"])
        #expect(gate.committedTransactions == commitsBefore + 1)
        #expect(try fixture.titles(TaskListQuery(sort: .created)) == ["first", "second"])
    }

    @Test func aWriteThatThrowsInTheGroupLosesOnlyItsOwnChanges() throws {
        let fixture = try SQLiteFixture()
        let errors = whileSecondWaits(
            fixture,
            first: { connection, _ throws(StorageError) in
                _ = try SQLTaskStore(connection).create(owner: "alice", title: "kept", description: nil, now: 1)
            },
            second: { connection, _ throws(StorageError) in
                _ = try SQLTaskStore(connection).create(owner: "alice", title: "undone", description: nil, now: 2)
                throw StorageError(.failure, "the second block refuses")
            })

        #expect(errors.map { "\($0)" }.contains { $0.contains("the second block refuses") })
        #expect(errors.count == 1)
        #expect(try fixture.titles(TaskListQuery()) == ["kept"])
        #expect(!fixture.connection.isInTransaction)
    }

    @Test func aFirstWriteThatThrowsLeavesTheNextWriterATransactionOfItsOwn() throws {
        let fixture = try SQLiteFixture()
        let gate = fixture.connection.writerGate
        let commitsBefore = gate.committedTransactions
        let errors = whileSecondWaits(
            fixture,
            first: { connection, _ throws(StorageError) in
                _ = try SQLTaskStore(connection).create(owner: "alice", title: "undone", description: nil, now: 1)
                throw StorageError(.failure, "the first block refuses")
            },
            second: { connection, runner throws(StorageError) in
                #expect(try Self.titles(runner).isEmpty)
                _ = try SQLTaskStore(connection).create(owner: "alice", title: "kept", description: nil, now: 2)
            })

        #expect(errors.map { "\($0)" }.contains { $0.contains("the first block refuses") })
        #expect(errors.count == 1)
        #expect(gate.committedTransactions == commitsBefore + 1)
        #expect(try fixture.titles(TaskListQuery()) == ["kept"])
    }

    @Test func everyWriteOfManyConcurrentWritersIsCommittedWhenItReturns() throws {
        let fixture = try SQLiteFixture()
        let path = fixture.path
        let owners = (0..<6).map { "owner\($0)" }
        let perThread = 150
        let commitsBefore = fixture.connection.writerGate.committedTransactions

        let errors = runOnThreads(
            owners.map { owner in
                { @Sendable in
                    let connection = try SQLiteDatabase.open(path: path)
                    let store = SQLTaskStore(connection)
                    for index in 0..<perThread {
                        let task = try store.create(owner: owner, title: "\(index)", description: nil, now: 1)
                        // Read on the worker's own connection, outside the writer's transaction: it has committed.
                        guard try store.get(owner: owner, id: task.id)?.title == "\(index)" else {
                            throw StorageError(.failure, "\(owner)'s task \(index) was not committed on return")
                        }
                    }
                }
            })

        #expect(errors.isEmpty, "\(errors)")
        for owner in owners {
            let titles = try fixture.titles(TaskListQuery(limit: 1_000), owner: owner)
            #expect(Set(titles) == Set((0..<perThread).map { "\($0)" }))
            #expect(titles.count == perThread)
        }
        let commits = fixture.connection.writerGate.committedTransactions - commitsBefore
        #expect(commits >= 1 && commits <= owners.count * perThread)
    }
}

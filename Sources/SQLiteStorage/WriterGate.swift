import Storage
import Synchronization

/// The one connection of this process that writes to a database file, the turns its writers take at it, and the
/// transactions it shares among them (group commit).
///
/// SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps (up to 100 ms a time)
/// between tries, so under many concurrent writes a waiting writer can lose again and again to ones that came
/// later: seconds at the tail. Waiting on a condition variable instead wakes the next writer as soon as the previous
/// one is done. Writers in other processes still meet SQLite's own lock and busy handler.
///
/// Every write transaction runs on the gate's own connection, not on the worker's: a connection whose file another
/// connection changed drops its whole page cache at its next transaction, so when each worker wrote on its own
/// connection, every write read the paths through the table and its two indexes again (`strace` under create load:
/// 14.6 `pread` calls per create). The writer's cache stays valid from one write to the next.
///
/// Group commit: a writer that finishes its block while others wait for their turn leaves the transaction open and
/// hands the connection to the next, which runs its block in a savepoint of the same transaction; the last one
/// (when nobody waits, or after `batchLimit` writes) commits, and every writer of the batch returns only then. One
/// commit writes the pages the writes share (the table's last leaf, `sqlite_sequence`) once and takes SQLite's file
/// locks once. A block that throws rolls back its savepoint only; the others' changes stay.
///
/// The mutex is a pthread one (`GateMonitor`): the standard library's `Mutex` spins, then waits on a
/// priority-inheriting futex; under create load on two CPUs its spinning and the kernel's PI-futex work were 19 % of
/// the responder's samples (`perf record`), against 8 % with a pthread mutex.
final class WriterGate: @unchecked Sendable {
    /// The most writes one transaction takes in.
    static let batchLimit = 32

    /// The writes sharing the open transaction, and its outcome once it ends.
    private final class Batch {
        /// Writes whose block succeeded, waiting for the commit (the committing one included).
        var writes = 0
        var finished = false
        /// Why the transaction did not commit, for every write of the batch.
        var failure: StorageError?
    }

    private let path: String
    private let monitor = GateMonitor()
    // Guarded by `monitor`:
    /// Opened by the first write, closed when the last connection of this process to the file closes.
    private var writer: SQLiteConnection?
    /// Open connections of this process to the file (not counting `writer`).
    private var connections = 0
    /// True while a writer uses `writer`.
    private var taken = false
    /// Writers waiting for their turn.
    private var waiting = 0
    /// The transaction open on `writer` between two turns.
    private var batch: Batch?
    /// Transactions committed on `writer`.
    private var commits = 0

    private init(path: String) {
        self.path = path
    }

    private static let gates = Mutex<[String: WriterGate]>([:])

    /// The gate of the database at `path` (the same object for every connection of this process to that path).
    static func gate(for path: String) -> WriterGate {
        gates.withLock { gates in
            if let gate = gates[path] { return gate }
            let gate = WriterGate(path: path)
            gates[path] = gate
            return gate
        }
    }

    /// Counts a newly opened connection to the file.
    func connectionOpened() {
        monitor.locked { connections += 1 }
    }

    /// Counts a closed connection; the last one closes the writer too, so no descriptor of the file stays open.
    func connectionClosed() {
        monitor.locked {
            connections -= 1
            if connections == 0 {
                writer?.close()
                writer = nil
            }
        }
    }

    /// Writers waiting for their turn now (for tests).
    var waitingWriters: Int {
        monitor.locked { waiting }
    }

    /// Transactions committed on the writer so far (for tests).
    var committedTransactions: Int {
        monitor.locked { commits }
    }

    /// Runs `body` on the writer connection in its turn, outside any transaction of the gate's (for tests that
    /// configure the writer).
    func pass<T>(_ body: (SQLiteConnection) throws(StorageError) -> T) throws(StorageError) -> T {
        let (writer, open) = try takeTurn()
        if let open {
            // Not inside another batch's transaction: commit it first.
            let failure = end(open, on: writer)
            monitor.locked { finish(open, failure) }
        }
        defer { monitor.locked { endTurn() } }
        return try body(writer)
    }

    /// One attempt at a write: `body` on the writer connection, in the open transaction (in a savepoint of its own)
    /// or in a new `BEGIN IMMEDIATE` one; returns once the transaction holding its changes has committed, and throws
    /// if `body` threw or the transaction did not commit.
    func write<T>(_ body: (SQLiteConnection) throws(StorageError) -> T) throws(StorageError) -> T {
        let (writer, open) = try takeTurn()
        let batch: Batch
        let outcome: Result<T, StorageError>
        if let open {
            batch = open
            outcome = Self.inSavepoint(writer, body)
        } else {
            do throws(StorageError) {
                _ = try writer.execute("BEGIN IMMEDIATE")
            } catch {
                monitor.locked { endTurn() }
                throw error
            }
            batch = Batch()
            outcome = Result { () throws(StorageError) -> T in try body(writer) }
            if case .failure = outcome, writer.isInTransaction {
                // Nothing else is in this transaction yet.
                _ = try? writer.execute("ROLLBACK")
            }
        }
        return try settle(outcome, of: batch, on: writer)
    }

    /// Waits for the turn and takes it, opening the writer if needed; returns it with the open transaction's batch.
    private func takeTurn() throws(StorageError) -> (SQLiteConnection, Batch?) {
        try monitor.locked { () throws(StorageError) -> (SQLiteConnection, Batch?) in
            while taken {
                waiting += 1
                monitor.wait(for: .turn)
                waiting -= 1
            }
            let connection: SQLiteConnection
            if let open = writer {
                connection = open
            } else {
                connection = try SQLiteConnection(path: path, role: .gateWriter)
                writer = connection
            }
            taken = true
            let open = batch
            batch = nil
            return (connection, open)
        }
    }

    /// Gives the turn up (with the mutex held).
    private func endTurn() {
        taken = false
        if waiting > 0 { monitor.signalTurn() }
    }

    /// After a write's block: hands the open transaction on to the next writer when one waits, or ends it; then
    /// returns the block's result once the transaction has committed.
    private func settle<T>(_ outcome: Result<T, StorageError>, of batch: Batch, on writer: SQLiteConnection)
        throws(StorageError) -> T
    {
        let succeeded: Bool
        if case .success = outcome { succeeded = true } else { succeeded = false }
        var failure: StorageError?
        let handedOn = monitor.locked { () -> Bool in
            if succeeded { batch.writes += 1 }
            // Only a transaction holding nothing but succeeded blocks is handed on.
            guard writer.isInTransaction, waiting > 0, (1..<Self.batchLimit).contains(batch.writes) else {
                return false
            }
            self.batch = batch
            endTurn()
            while succeeded && !batch.finished {
                monitor.wait(for: .commit)
            }
            failure = batch.failure
            return true
        }
        if !handedOn {
            var cause: StorageError?
            if case .failure(let error) = outcome { cause = error }
            failure = end(batch, on: writer, cause: cause)
            monitor.locked {
                finish(batch, failure)
                endTurn()
            }
        }
        let value = try outcome.get()
        if let failure { throw failure }
        return value
    }

    /// Commits the batch's transaction (rolls it back when no write of it succeeded); returns why it did not commit:
    /// the commit's error, or `cause` (the last block's error) when SQLite itself had rolled the transaction back.
    private func end(_ batch: Batch, on writer: SQLiteConnection, cause: StorageError? = nil) -> StorageError? {
        guard writer.isInTransaction else {
            return batch.writes > 0 ? cause ?? StorageError(.failure, "the transaction was rolled back") : nil
        }
        guard batch.writes > 0 else {
            _ = try? writer.execute("ROLLBACK")
            return nil
        }
        do throws(StorageError) {
            _ = try writer.execute("COMMIT")
            return nil
        } catch {
            if writer.isInTransaction { _ = try? writer.execute("ROLLBACK") }
            return error
        }
    }

    /// Records the batch's outcome (a commit when it held writes and did not fail) and wakes its writers (with the
    /// mutex held).
    private func finish(_ batch: Batch, _ failure: StorageError?) {
        if failure == nil && batch.writes > 0 { commits += 1 }
        batch.failure = failure
        batch.finished = true
        monitor.broadcastCommit()
    }

    /// `body` in a savepoint of the open transaction, rolled back to if `body` throws.
    private static func inSavepoint<T>(
        _ writer: SQLiteConnection, _ body: (SQLiteConnection) throws(StorageError) -> T
    ) -> Result<T, StorageError> {
        do throws(StorageError) {
            _ = try writer.execute("SAVEPOINT batched_write")
        } catch {
            return .failure(error)
        }
        do throws(StorageError) {
            let value = try body(writer)
            _ = try writer.execute("RELEASE batched_write")
            return .success(value)
        } catch {
            if writer.isInTransaction {
                _ = try? writer.execute("ROLLBACK TO batched_write")
                _ = try? writer.execute("RELEASE batched_write")
            }
            return .failure(error)
        }
    }
}

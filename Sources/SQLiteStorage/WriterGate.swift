import Locks
import Storage
import Synchronization

/// One lock per database file in this process, taken by `SQLiteConnection.write` for its whole transaction, and
/// the one connection of this process that writes to the file.
///
/// SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps (up to 100 ms a time)
/// between tries, so under many concurrent writes a waiting writer can lose again and again to ones that came
/// later: seconds at the tail. Waiting on a lock instead wakes the next writer as soon as the previous one
/// commits. Writers in other processes still meet SQLite's own lock and busy handler.
///
/// Every write transaction runs on the gate's own connection, not on the worker's: a connection whose file another
/// connection changed drops its whole page cache at its next transaction, so when each worker wrote on its own
/// connection, every write read the paths through the table and its two indexes again (`strace` under create load:
/// 14.6 `pread` calls per create). The writer's cache stays valid from one write to the next.
///
/// The lock is a pthread mutex (`SleepingMutex`): the standard library's `Mutex` spins, then waits on a
/// priority-inheriting futex; under create load on two CPUs its spinning and the kernel's PI-futex work were 19 % of
/// the responder's samples (`perf record`), against 8 % with the pthread mutex.
final class WriterGate: Sendable {
    private struct State {
        /// Opened by the first write, closed when the last connection of this process to the file closes.
        var writer: SQLiteConnection?
        /// Open connections of this process to the file (not counting `writer`).
        var connections = 0
    }

    private let path: String
    private let state = SleepingMutex(State())

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
        state.withLock { $0.connections += 1 }
    }

    /// Counts a closed connection; the last one closes the writer too, so no descriptor of the file stays open.
    func connectionClosed() {
        state.withLock { state in
            state.connections -= 1
            if state.connections == 0 {
                state.writer?.close()
                state.writer = nil
            }
        }
    }

    /// Runs `body` holding the gate, with the writer connection (opened and configured now if it is not open).
    func pass<T>(_ body: (SQLiteConnection) throws(StorageError) -> T) throws(StorageError) -> T {
        try state.withLock { (state: inout State) throws(StorageError) -> T in
            let writer: SQLiteConnection
            if let open = state.writer {
                writer = open
            } else {
                writer = try SQLiteConnection(path: path, role: .gateWriter)
                state.writer = writer
            }
            return try body(writer)
        }
    }
}

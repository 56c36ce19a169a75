import Locks
import Synchronization

/// One lock per database file in this process, taken by `SQLiteConnection.write` before `BEGIN IMMEDIATE`.
///
/// SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps (up to 100 ms a time)
/// between tries, so under many concurrent writes a waiting writer can lose again and again to ones that came
/// later: seconds at the tail. Waiting on a lock instead wakes the next writer as soon as the previous one
/// commits. Writers in other processes still meet SQLite's own lock and busy handler.
///
/// The lock is a pthread mutex (`SleepingMutex`): the standard library's `Mutex` spins, then waits on a
/// priority-inheriting futex; under create load on two CPUs its spinning and the kernel's PI-futex work were 19 % of
/// the responder's samples (`perf record`), against 8 % with the pthread mutex.
final class WriterGate: Sendable {
    private let lock = SleepingMutex(())

    private init() {}

    private static let gates = Mutex<[String: WriterGate]>([:])

    /// The gate of the database at `path` (the same object for every connection of this process to that path).
    static func gate(for path: String) -> WriterGate {
        gates.withLock { gates in
            if let gate = gates[path] { return gate }
            let gate = WriterGate()
            gates[path] = gate
            return gate
        }
    }

    /// Runs `body` holding the gate.
    func pass<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try lock.withLock { (_: inout Void) throws(E) -> T in try body() }
    }
}

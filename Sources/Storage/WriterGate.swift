import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One lock per database file in this process, taken by `SQLiteConnection.write` before `BEGIN IMMEDIATE`.
///
/// SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps (up to 100 ms a time)
/// between tries, so under many concurrent writes a waiting writer can lose again and again to ones that came
/// later: seconds at the tail. Waiting on a lock instead wakes the next writer as soon as the previous one
/// commits. Writers in other processes still meet SQLite's own lock and busy handler.
final class WriterGate: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    private init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

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
    func pass<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

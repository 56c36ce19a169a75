import CSQLite
import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension SQLiteConnection {
    /// How many times `write` runs its block again after `SQLITE_BUSY` or `SQLITE_LOCKED`.
    static let writeRetries = 4

    /// Runs `body` on this connection (each statement is its own snapshot, as SQLite's autocommit gives).
    public func read<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        try body(self)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction and commits; rolls back if `body` throws.
    ///
    /// Writers of this process queue on the database's `WriterGate` first, so each is woken as soon as the one
    /// ahead commits rather than polling in SQLite's busy handler.
    ///
    /// When the database stays busy past the busy timeout (or the commit reports busy), the transaction is rolled
    /// back and the whole block runs again, a few times, after a short randomized backoff; so `body` must only
    /// touch the database. Called inside another `write`, `body` simply joins the open transaction.
    public func write<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        if isInTransaction {
            return try body(self)
        }
        return try writerGate.pass { () throws(StorageError) -> T in
            var attempt = 0
            while true {
                do throws(StorageError) {
                    return try transaction(body)
                } catch  where error.kind == .busy && attempt < Self.writeRetries {
                    attempt += 1
                    backOff(attempt: attempt)
                }
            }
        }
    }

    private func transaction<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body(self)
            try execute("COMMIT")
            return result
        } catch {
            // SQLite may already have rolled back by itself (e.g. SQLITE_FULL); then there is nothing to undo.
            if isInTransaction {
                _ = try? execute("ROLLBACK")
            }
            throw error
        }
    }

    /// Sleeps about 10, 20, 40... ms, with jitter so that two retrying writers do not collide again.
    private func backOff(attempt: Int) {
        let base = 10_000 << (attempt - 1)
        usleep(UInt32(base + Int.random(in: 0..<base)))
    }
}

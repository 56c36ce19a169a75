import CSQLite
import Storage

extension SQLiteConnection {
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
    /// back and the whole block runs again (`WriteRetry`), a few times, after a short randomized backoff; so `body`
    /// must only touch the database. Called inside another `write`, `body` simply joins the open transaction.
    public func write<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        if isInTransaction {
            return try body(self)
        }
        return try writerGate.pass { () throws(StorageError) -> T in
            try WriteRetry.run { () throws(StorageError) -> T in
                // SQLite may already have rolled back by itself (e.g. SQLITE_FULL); then there is nothing to undo.
                try transactionAttempt(
                    begin: "BEGIN IMMEDIATE", control: { sql throws(StorageError) in _ = try execute(sql) },
                    isOpen: { isInTransaction }, body)
            }
        }
    }
}

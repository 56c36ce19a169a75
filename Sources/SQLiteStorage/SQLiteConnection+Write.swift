import CSQLite
import Storage

extension SQLiteConnection {
    /// Runs `body` on this connection (each statement is its own snapshot, as SQLite's autocommit gives).
    public func read<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        try body(self)
    }

    /// Runs `body` in a write transaction and returns once it has committed; rolls `body`'s changes back if it
    /// throws.
    ///
    /// Writers of this process take turns at the database's `WriterGate`, so each is woken as soon as the one ahead
    /// is done rather than polling in SQLite's busy handler; `body` runs on the gate's writer connection (whose page
    /// cache no other connection of this process invalidates), which it is given, in a `BEGIN IMMEDIATE`
    /// transaction or, when the writer ahead left its transaction open for it, in a savepoint of that one, which
    /// the last writer of the group commits. A read-only connection runs it on itself (and fails at
    /// `BEGIN IMMEDIATE`).
    ///
    /// When the database stays busy past the busy timeout (or the commit reports busy), the transaction is rolled
    /// back and the whole block runs again (`WriteRetry`), a few times, after a short randomized backoff; so `body`
    /// must only touch the database. Called inside another `write`, `body` simply joins the open transaction.
    public func write<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        if let writer = activeWriter {
            return try body(writer)
        }
        if isInTransaction {
            return try body(self)
        }
        if role != .worker {
            return try WriteRetry.run { () throws(StorageError) -> T in
                // SQLite may already have rolled back by itself (e.g. SQLITE_FULL); then there is nothing to undo.
                try transactionAttempt(
                    begin: "BEGIN IMMEDIATE", control: { sql throws(StorageError) in _ = try execute(sql) },
                    isOpen: { isInTransaction }, body)
            }
        }
        return try WriteRetry.run { () throws(StorageError) -> T in
            try writerGate.write { (writer: SQLiteConnection) throws(StorageError) -> T in
                activeWriter = writer
                defer { activeWriter = nil }
                return try body(writer)
            }
        }
    }
}

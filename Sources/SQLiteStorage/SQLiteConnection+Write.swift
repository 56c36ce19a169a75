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
    /// ahead commits rather than polling in SQLite's busy handler, and the transaction runs on the gate's writer
    /// connection (whose page cache no other connection of this process invalidates), which `body` is given. A
    /// read-only connection runs it on itself (and fails at `BEGIN IMMEDIATE`).
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
            return try transaction(on: self, body)
        }
        return try writerGate.pass { (writer: SQLiteConnection) throws(StorageError) -> T in
            activeWriter = writer
            defer { activeWriter = nil }
            return try transaction(on: writer, body)
        }
    }

    /// `body` in a transaction on `connection`, retried as `write` says.
    private func transaction<T>(
        on connection: SQLiteConnection, _ body: (any StatementRunner) throws(StorageError) -> T
    ) throws(StorageError) -> T {
        try WriteRetry.run { () throws(StorageError) -> T in
            // SQLite may already have rolled back by itself (e.g. SQLITE_FULL); then there is nothing to undo.
            try connection.transactionAttempt(
                begin: "BEGIN IMMEDIATE", control: { sql throws(StorageError) in _ = try connection.execute(sql) },
                isOpen: { connection.isInTransaction }, body)
        }
    }
}

import Storage

extension PGConnection {
    /// Runs `body` in a transaction (`BEGIN`, READ COMMITTED) and commits; rolls back if `body` throws.
    ///
    /// A serialization failure (`40001`) or deadlock (`40P01`), which the driver reports as `.busy`, rolls back
    /// and runs the whole block again (`WriteRetry`), a few times, after a short randomized backoff; so `body` must
    /// only touch the database. A lost connection is not retried here: the statement may or may not have
    /// committed, so the caller reports it.
    func transaction<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        try WriteRetry.run { () throws(StorageError) -> T in
            try transactionAttempt(
                begin: "BEGIN", control: { sql throws(StorageError) in try executeScript(sql) },
                isOpen: { isConnected }, body)
        }
    }
}

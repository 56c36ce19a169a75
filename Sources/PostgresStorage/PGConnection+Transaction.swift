import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension PGConnection {
    /// How many times `transaction` runs its block again after a serialization failure or a deadlock.
    static let transactionRetries = 4

    /// Runs `body` in a transaction (`BEGIN`, READ COMMITTED) and commits; rolls back if `body` throws.
    ///
    /// A serialization failure (`40001`) or deadlock (`40P01`), which the driver reports as `.busy`, rolls back
    /// and runs the whole block again, a few times, after a short randomized backoff; so `body` must only touch the
    /// database. A lost connection is not retried here: the statement may or may not have committed, so the caller
    /// reports it.
    func transaction<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        var attempt = 0
        while true {
            do {
                return try once(body)
            } catch  where error.kind == .busy && attempt < Self.transactionRetries {
                attempt += 1
                backOff(attempt: attempt)
            }
        }
    }

    private func once<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        try executeScript("BEGIN")
        do {
            let result = try body(self)
            try executeScript("COMMIT")
            return result
        } catch {
            if isConnected {
                try? executeScript("ROLLBACK")
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

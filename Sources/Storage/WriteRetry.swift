import Metrics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How both drivers retry a write transaction that met other writers (`StorageError.Kind.busy`: SQLite's lock
/// held past the busy timeout, PostgreSQL's serialization failure or deadlock): the whole block again, a few times,
/// after a short randomized backoff.
public enum WriteRetry {
    /// How many times a transaction runs again after `.busy`.
    public static let retries = 4

    /// How many times, in this process, a write transaction ran again after `.busy`.
    public static let retried = Counter()

    /// Runs `transaction`, again after each `.busy` up to `retries` times; the last error is thrown.
    public static func run<T>(_ transaction: () throws(StorageError) -> T) throws(StorageError) -> T {
        var attempt = 0
        while true {
            do throws(StorageError) {
                return try transaction()
            } catch  where error.kind == .busy && attempt < retries {
                attempt += 1
                retried.add()
                backOff(attempt: attempt)
            }
        }
    }

    /// Sleeps about 10, 20, 40... ms, with jitter so that two retrying writers do not collide again.
    private static func backOff(attempt: Int) {
        let base = 10_000 << (attempt - 1)
        usleep(UInt32(base + Int.random(in: 0..<base)))
    }
}

extension StatementRunner {
    /// One attempt at a write transaction on this connection, as both drivers make it: `begin`, `body`, then
    /// `COMMIT`, each control statement run by `control`. When `body` or the commit throws, `ROLLBACK` runs if
    /// `isOpen()` says there is still a transaction to undo (SQLite may have rolled back by itself, a lost
    /// PostgreSQL connection has nothing left to roll back), and the error is rethrown. `WriteRetry.run` repeats it.
    public func transactionAttempt<T>(
        begin: String, control: (String) throws(StorageError) -> Void, isOpen: () -> Bool,
        _ body: (any StatementRunner) throws(StorageError) -> T
    ) throws(StorageError) -> T {
        try control(begin)
        do {
            let result = try body(self)
            try control("COMMIT")
            return result
        } catch {
            if isOpen() {
                try? control("ROLLBACK")
            }
            throw error
        }
    }
}

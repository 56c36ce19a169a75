import Locks
import Storage

/// A bounded pool of `PGConnection`s shared by the worker threads.
///
/// A thread borrows a connection for one store call (`withConnection`) and gives it back; when all `size`
/// connections are lent, it waits (up to `waitTimeout`) for one to come back, then gives up with a
/// `StorageError` of kind `.unavailable`, which the API answers with 503. The pool is the PostgreSQL driver's
/// `StorageExecutor`: `read` borrows a connection for one block, `write` runs the block in a transaction on one. Connections open lazily, so an idle host holds few.
///
/// **Connection formula.** Each host (one responder process) opens at most `PG_POOL_SIZE` connections, whatever
/// its number of threads. With H hosts (count every responder process, e.g. spawn-fcgi `-F 2` is two), keep
/// `H × PG_POOL_SIZE ≤ max_connections − reserve`, where the reserve covers superuser connections
/// (`superuser_reserved_connections`, 3 by default), migrations, `psql` sessions and anything else that
/// connects (Neon's pooled endpoint relaxes this, its own limit applies instead).
///
/// A connection that broke is closed instead of going back; an idle one that the server closed meanwhile (a
/// restart) is noticed when it is borrowed and replaced by a fresh connection before use, so a server restart
/// fails only the calls in flight while it happens.
public final class PGPool: StorageExecutor, @unchecked Sendable {
    /// The connection URL, as given.
    public let url: String
    /// The most connections this pool opens.
    public let size: Int
    /// How long a borrower waits for a free connection, in seconds.
    public let waitTimeout: Double

    private let condition = MonotonicCondition()
    /// Guarded by `condition`.
    private var idle: [PGConnection] = []
    /// Connections lent or idle; guarded by `condition`.
    private var opened = 0

    /// A pool of at most `size` connections to `url`. Nothing connects until the first borrow.
    public init(url: String, size: Int = 4, waitTimeout: Double = 5) {
        precondition(size >= 1, "a pool needs at least one connection")
        self.url = url
        self.size = size
        self.waitTimeout = waitTimeout
    }

    /// PostgreSQL's SQL texts.
    public var dialect: SQLDialect { .postgres }

    /// Runs `body` with a connection of its own, then gives the connection back (or closes it if it broke).
    public func read<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        try withConnection { connection throws(StorageError) in try body(connection) }
    }

    /// Runs `body` in one transaction on a connection of its own (see `PGConnection.transaction`).
    public func write<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T {
        try withConnection { connection throws(StorageError) in try connection.transaction(body) }
    }

    /// Runs `body` with a connection of its own, then gives the connection back (or closes it if it broke).
    ///
    /// - Throws: what `body` throws; `.unavailable` when no connection could be had (no server, an exhausted
    ///   pool).
    public func withConnection<T>(_ body: (PGConnection) throws(StorageError) -> T) throws(StorageError) -> T {
        let connection = try borrow()
        defer { giveBack(connection) }
        return try body(connection)
    }

    /// How many connections are open now (lent or idle).
    public var openConnections: Int {
        condition.locked { opened }
    }

    /// Closes every idle connection (lent ones close when they come back broken, or stay for reuse).
    public func closeIdle() {
        let closing = condition.locked {
            let closing = idle
            idle.removeAll()
            opened -= closing.count
            condition.broadcast()
            return closing
        }
        for connection in closing { connection.close() }
    }

    /// An idle connection, or nil when this borrower may open a new one (already counted).
    private enum Slot {
        case idle(PGConnection)
        case open
    }

    private func borrow() throws(StorageError) -> PGConnection {
        let deadline = MonotonicCondition.now() + waitTimeout
        let slot: Slot? = condition.locked {
            while idle.isEmpty && opened >= size {
                if !condition.wait(until: deadline) && idle.isEmpty && opened >= size { return nil }
            }
            if let connection = idle.popLast() { return .idle(connection) }
            opened += 1
            return .open
        }
        switch slot {
        case nil:
            throw PGError(
                kind: .poolExhausted,
                message: "all \(size) connections stayed busy for \(waitTimeout) s (raise PG_POOL_SIZE?)"
            ).storageError
        case .idle(let connection):
            if connection.isAlive() { return connection }
            // The server closed it while it sat idle (a restart): replace it in place.
            connection.close()
            return try connect()
        case .open:
            return try connect()
        }
    }

    /// A new connection, counted already; the count is given back if connecting fails.
    private func connect() throws(StorageError) -> PGConnection {
        do {
            return try PGConnection(url: url)
        } catch {
            release()
            throw error
        }
    }

    private func giveBack(_ connection: PGConnection) {
        guard connection.isReusable else {
            connection.close()
            release()
            return
        }
        condition.locked {
            idle.append(connection)
            condition.signal()
        }
    }

    /// Forgets one opened connection and wakes a waiter, which may open a new one.
    private func release() {
        condition.locked {
            opened -= 1
            condition.signal()
        }
    }
}

import CPostgreSQL
import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One libpq connection, used by one thread at a time (libpq connections must not be shared between threads, so
/// this is not `Sendable`; `PGPool` hands each one to one thread at a time).
///
/// Statements are prepared once per connection and cached by SQL text (see `PGConnection+Statements`). The
/// PostgreSQL driver's `StatementRunner`; `PGPool` is its executor.
public final class PGConnection: StatementRunner {
    /// How long a connection attempt may take when the URL does not say (`connect_timeout`, seconds).
    static let defaultConnectTimeout = "5"

    var conn: OpaquePointer?
    /// Prepared statement names by SQL text.
    var statements: [String: String] = [:]
    /// How many statements this session has prepared: names are never reused, even after an eviction.
    var preparedCount = 0

    /// Connects with `url` exactly as given (a `postgres://` or `postgresql://` URL, or a libpq key/value string),
    /// so libpq's options such as `sslmode=require` pass through. `connect_timeout` defaults to 5 seconds and
    /// `application_name` to `todo-fcgi` when the URL does not set them. The session uses UTF-8.
    ///
    /// - Throws: `StorageError` of kind `.unavailable` when the server cannot be reached or refuses us.
    public init(url: String) throws(StorageError) {
        let keywords = ["connect_timeout", "fallback_application_name", "client_encoding", "dbname"]
        let values = [Self.defaultConnectTimeout, "todo-fcgi", "UTF8", url]
        // Later pairs win: the URL (expanded from `dbname`) overrides the defaults before it.
        conn = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let error = connectionError()
            close()
            throw error.storageError
        }
        // Notices ("relation already exists, skipping") would go to stderr, the request log: drop them.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        // The escaping of `PGText` relies on the server taking text as UTF-8.
        guard PQclientEncoding(conn) == pg_char_to_encoding("UTF8") else {
            close()
            throw PGError(kind: .unexpected, message: "the server does not accept UTF-8 as the client encoding")
                .storageError
        }
    }

    deinit {
        close()
    }

    /// Closes the connection; later statements throw a connection error.
    public func close() {
        if let conn {
            PQfinish(conn)
            self.conn = nil
        }
        statements.removeAll()
    }

    /// True while libpq considers the connection usable.
    public var isConnected: Bool {
        conn.map { PQstatus($0) == CONNECTION_OK } ?? false
    }

    /// True when the connection is usable and outside any transaction: fit to go back to a pool.
    public var isReusable: Bool {
        guard let conn, PQstatus(conn) == CONNECTION_OK else { return false }
        return PQtransactionStatus(conn) == PQTRANS_IDLE
    }

    /// Checks, without waiting and without a round trip, that an idle connection was not closed by the server
    /// (as it is when the server restarts or an administrator ends the session): the socket of an idle
    /// connection has nothing to read unless the server said goodbye. False when the connection is gone.
    public func isAlive() -> Bool {
        guard let conn, PQstatus(conn) == CONNECTION_OK else { return false }
        var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        guard ready > 0 else {
            return ready == 0
        }
        // Something arrived: a notice is harmless, the end of the stream or a FATAL error is not.
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            return false
        }
        guard PQconsumeInput(conn) == 1, PQstatus(conn) == CONNECTION_OK else { return false }
        // The server closes right after its FATAL message; if both came, the read above saw the end.
        var again = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        return poll(&again, 1, 0) == 0
    }

    /// The open handle, or a connection error once closed or broken.
    func handle(sql: String? = nil) throws -> OpaquePointer {
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            throw PGError(kind: .connection, message: "the connection is closed", sql: sql)
        }
        return conn
    }

    /// libpq's description of why the connection failed or broke (it names host and port, never a password).
    func connectionError(sql: String? = nil) -> PGError {
        // Without a connection object: libpq could not be loaded (it is opened on first use), or no memory.
        var message =
            conn.flatMap { PQerrorMessage($0) }.map { String(cString: $0) }
            ?? todo_pq_load_error().map { String(cString: $0) } ?? "out of memory"
        while message.last?.isWhitespace == true { message.removeLast() }
        if message.isEmpty { message = "no connection to the server" }
        return PGError(kind: .connection, message: message, sql: sql)
    }

    /// Runs `body` with C strings for `strings` followed by a NULL (the terminator `PQconnectdbParams` wants),
    /// alive for the duration of the call.
    static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer {
            for copy in copies { free(copy) }
        }
        return body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
    }
}

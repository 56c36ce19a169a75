import Storage

/// An error from PostgreSQL, from libpq, or from the pool, turned into the `StorageError` the driver throws.
///
/// The message is the server's primary message (never its DETAIL, which can quote row values) or libpq's
/// connection message; messages of data exceptions (SQLSTATE class 22), which can quote a bound value, are replaced
/// by a generic text. The SQL text is kept for logs. So an error can be logged without leaking titles or emails.
struct PGError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    enum Kind: Sendable, Equatable {
        /// The server could not be reached, or the connection broke.
        case connection
        /// The server answered the statement with an error (see `sqlState`).
        case server
        /// Every connection of the pool stayed busy for the whole wait.
        case poolExhausted
        /// libpq or the server answered something this code did not expect.
        case unexpected
    }

    /// What failed.
    let kind: Kind
    /// The five-character SQLSTATE, e.g. `23505` for a unique violation; nil when there is none.
    let sqlState: String?
    /// A message that never contains bound values.
    let message: String
    /// The SQL text with its `$n` placeholders, when the error came from a statement.
    let sql: String?

    /// Creates an error.
    init(kind: Kind, sqlState: String? = nil, message: String, sql: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    /// True for a serialization failure (`40001`) or a deadlock (`40P01`): the transaction may succeed if run again.
    var isRetryable: Bool {
        sqlState == "40001" || sqlState == "40P01"
    }

    /// True when the database cannot serve now but may soon: no connection, a connection lost, an exhausted pool,
    /// a server shutting down or starting (`57P01`...`57P03`), too many connections or other resource limits
    /// (class `53`), a lost connection reported by the server (class `08`), or a conflict that retries did not
    /// resolve. The API answers these with 503, not 500.
    var isUnavailable: Bool {
        switch kind {
        case .connection, .poolExhausted:
            return true
        case .unexpected:
            return false
        case .server:
            guard let sqlState else { return false }
            return isRetryable || sqlState.hasPrefix("08") || sqlState.hasPrefix("53") || sqlState.hasPrefix("57P")
        }
    }

    /// The kind, SQLSTATE, message and SQL text; never bound values.
    var description: String {
        var text = "PostgreSQL error"
        if let sqlState { text += " \(sqlState)" }
        text += " (\(kind)): \(message)"
        if let sql { text += " in `\(sql)`" }
        return text
    }

    /// True for a unique, foreign-key or check violation (SQLSTATE class `23`).
    var isConstraint: Bool {
        sqlState?.hasPrefix("23") == true
    }

    /// A conflict that running the transaction again may resolve is `.busy`; other unavailability is
    /// `.unavailable`; a violated constraint is `.constraint`; anything else is `.failure`.
    var storageError: StorageError {
        let kind: StorageError.Kind
        if isRetryable {
            kind = .busy
        } else if isUnavailable {
            kind = .unavailable
        } else if isConstraint {
            kind = .constraint
        } else {
            kind = .failure
        }
        return StorageError(kind, description)
    }

    /// Runs `body`, turning what it throws into a `StorageError` (a `PGError` by its kind, anything else a failure).
    static func mapped<T>(_ body: () throws -> T) throws(StorageError) -> T {
        do {
            return try body()
        } catch let error as PGError {
            throw error.storageError
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(.failure, "\(error)")
        }
    }
}

import CSQLite

/// An error reported by SQLite.
///
/// The message comes from SQLite and the statement's SQL text is kept for logs, but bound values are never
/// recorded: an error can be logged without leaking titles, emails or tokens.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_CHECK` (275).
    public let code: Int32
    /// SQLite's message (`sqlite3_errmsg`), never containing bound values.
    public let message: String
    /// The SQL text with its `?` placeholders, when the error came from a statement.
    public let sql: String?

    /// Creates an error from a result code and message.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of `code`), e.g. `SQLITE_CONSTRAINT`.
    public var primaryCode: Int32 { code & 0xFF }

    /// True for `SQLITE_BUSY` and `SQLITE_LOCKED` (and their extended codes): retrying may succeed.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// The code, its name, the message and the SQL text; never bound values.
    public var description: String {
        let name = String(cString: sqlite3_errstr(code))
        var text = "SQLite error \(code) (\(name)): \(message)"
        if let sql {
            text += " in `\(sql)`"
        }
        return text
    }
}

extension SQLiteError {
    /// The error SQLite last recorded on `db` for a call that returned `code`.
    init(code: Int32, db: OpaquePointer?, sql: String? = nil) {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: message, sql: sql)
    }
}

import CSQLite
import Storage

/// An error reported by SQLite, turned into the `StorageError` the driver throws.
///
/// The message comes from SQLite and the statement's SQL text is kept for logs, but bound values are never
/// recorded: an error can be logged without leaking titles, emails or tokens.
struct SQLiteError: CustomStringConvertible {
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_CHECK` (275).
    let code: Int32
    /// SQLite's message (`sqlite3_errmsg`), never containing bound values.
    let message: String
    /// The SQL text with its `?` placeholders, when the error came from a statement.
    let sql: String?

    init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The error SQLite last recorded on `db` for a call that returned `code`.
    init(code: Int32, db: OpaquePointer?, sql: String? = nil) {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: message, sql: sql)
    }

    /// The primary result code (the low byte of `code`), e.g. `SQLITE_CONSTRAINT`.
    var primaryCode: Int32 { code & 0xFF }

    /// `SQLITE_BUSY` and `SQLITE_LOCKED` are `.busy` (retrying may succeed), `SQLITE_CONSTRAINT` is `.constraint`,
    /// a file that cannot be opened is `.unavailable`; anything else is `.failure`.
    var kind: StorageError.Kind {
        switch primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy
        case SQLITE_CONSTRAINT: return .constraint
        case SQLITE_CANTOPEN: return .unavailable
        default: return .failure
        }
    }

    /// The driver's error.
    var storageError: StorageError {
        StorageError(kind, description)
    }

    /// The code, its name, the message and the SQL text; never bound values.
    var description: String {
        let name = String(cString: sqlite3_errstr(code))
        var text = "SQLite error \(code) (\(name)): \(message)"
        if let sql {
            text += " in `\(sql)`"
        }
        return text
    }
}

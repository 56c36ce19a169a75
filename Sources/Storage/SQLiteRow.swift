import CSQLite

/// The current row of a statement being stepped; valid only inside the closure it is passed to.
///
/// Columns are numbered from 0 in the order of the `SELECT` (or `RETURNING`) list.
public struct SQLiteRow {
    let statement: OpaquePointer

    /// True when the column holds NULL.
    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    /// The column as a 64-bit integer (NULL reads as 0).
    public func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// The column as a Boolean (non-zero is true).
    public func bool(_ column: Int32) -> Bool {
        int64(column) != 0
    }

    /// The column as a Double (NULL reads as 0).
    public func double(_ column: Int32) -> Double {
        sqlite3_column_double(statement, column)
    }

    /// The column as text, read with its byte length so embedded NUL characters survive (NULL reads as "").
    public func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else {
            return ""
        }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column as text, or nil when it holds NULL.
    public func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }
}

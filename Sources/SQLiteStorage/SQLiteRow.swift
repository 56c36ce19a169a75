import CSQLite
import Storage

/// The current row of a statement being stepped; valid only inside the closure it is passed to.
struct SQLiteRow: StorageRow {
    let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// Non-zero is true.
    func bool(_ column: Int32) -> Bool {
        int64(column) != 0
    }

    /// SQLite's own buffer of the column's text, with its byte length (NULL: empty).
    func rawText(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let bytes = sqlite3_column_text(statement, column) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// Read with its byte length, so embedded NUL characters survive.
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else {
            return ""
        }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}

import CPostgreSQL
import Storage

/// One row of a result, read in text format; valid only inside the closure it is passed to.
///
/// Columns are numbered from 0 in the order of the `SELECT` (or `RETURNING`) list.
struct PGRow: StorageRow {
    let result: OpaquePointer
    let index: Int32

    /// True when the column holds NULL.
    func isNull(_ column: Int32) -> Bool {
        PQgetisnull(result, index, column) != 0
    }

    /// The column as a 64-bit integer (NULL, or anything that is not an integer, reads as 0).
    func int64(_ column: Int32) -> Int64 {
        Int64(rawText(column)) ?? 0
    }

    /// The column as a Boolean (`t` is true).
    func bool(_ column: Int32) -> Bool {
        guard let value = PQgetvalue(result, index, column) else { return false }
        return value.pointee == CChar(UInt8(ascii: "t"))
    }

    /// The column as text, decoded by `PGText` (NULL reads as "").
    func text(_ column: Int32) -> String {
        guard let value = PQgetvalue(result, index, column) else { return "" }
        let count = Int(PQgetlength(result, index, column))
        return value.withMemoryRebound(to: UInt8.self, capacity: count) {
            PGText.decode(UnsafeBufferPointer(start: $0, count: count))
        }
    }

    /// libpq's buffer of the column, unless it holds `PGText`'s escape byte (then nil: `text` decodes it).
    func rawText(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let value = PQgetvalue(result, index, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        let count = Int(PQgetlength(result, index, column))
        let bytes = value.withMemoryRebound(to: UInt8.self, capacity: count) {
            UnsafeBufferPointer(start: $0, count: count)
        }
        return bytes.contains(1) ? nil : bytes
    }

    /// The column's text exactly as the server sent it.
    private func rawText(_ column: Int32) -> String {
        guard let value = PQgetvalue(result, index, column) else { return "" }
        return String(cString: value)
    }
}

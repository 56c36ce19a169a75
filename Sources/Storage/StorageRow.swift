/// The current row of a statement's result, as a driver reads it; valid only inside the closure it is passed to.
///
/// Columns are numbered from 0 in the order of the `SELECT` (or `RETURNING`) list.
public protocol StorageRow {
    /// True when the column holds NULL.
    func isNull(_ column: Int32) -> Bool
    /// The column as a 64-bit integer (NULL reads as 0).
    func int64(_ column: Int32) -> Int64
    /// The column as a Boolean.
    func bool(_ column: Int32) -> Bool
    /// The column as text (NULL reads as "").
    func text(_ column: Int32) -> String
    /// The column's bytes as the driver holds them, when they are the text as stored (UTF-8 not checked); nil
    /// when the driver must decode them first (read `text` then). Valid only while the row is.
    func rawText(_ column: Int32) -> UnsafeBufferPointer<UInt8>?
}

extension StorageRow {
    /// The column as text, or nil when it holds NULL.
    public func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }
}

/// A value bound to a `?` placeholder of a statement.
public enum SQLiteValue: Sendable, Equatable {
    /// SQL NULL.
    case null
    /// A 64-bit integer (also used for Booleans and Unix-millisecond times).
    case integer(Int64)
    /// A double.
    case real(Double)
    /// UTF-8 text, bound with its byte length.
    case text(String)
    /// Bytes, bound as a BLOB (e.g. a token's SHA-256).
    case blob([UInt8])

    /// `.text(value)`, or `.null` when `value` is nil.
    public static func text(orNull value: String?) -> SQLiteValue {
        value.map { .text($0) } ?? .null
    }

    /// `1` or `0`.
    public static func bool(_ value: Bool) -> SQLiteValue {
        .integer(value ? 1 : 0)
    }
}

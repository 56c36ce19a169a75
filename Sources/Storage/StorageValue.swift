/// A value bound to a statement's placeholder, in neither driver's terms: each driver encodes it for its database
/// (SQLite binds a Boolean as 0 or 1, PostgreSQL sends `t` or `f`).
public enum StorageValue: Sendable, Equatable {
    /// SQL NULL.
    case null
    /// A 64-bit integer (ids, limits, Unix-millisecond times).
    case integer(Int64)
    /// A Boolean.
    case bool(Bool)
    /// UTF-8 text (U+0000 included).
    case text(String)
    /// Bytes (e.g. a token's SHA-256).
    case bytes([UInt8])

    /// `.text(value)`, or `.null` when `value` is nil.
    public static func text(orNull value: String?) -> StorageValue {
        value.map { .text($0) } ?? .null
    }
}

import Storage

/// How a `StorageValue` is sent to PostgreSQL: in text format, as a `$n` parameter.
enum PGValueFormat {
    /// The parameter in text format, or nil for NULL.
    static func text(_ value: StorageValue) -> String? {
        switch value {
        case .null: return nil
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "t" : "f"
        case .text(let value): return PGText.encode(value)
        case .bytes(let value): return "\\x" + Hex.encode(value)
        }
    }
}

/// A value bound to a `$n` parameter, sent in PostgreSQL's text format.
public enum PGValue: Sendable, Equatable {
    /// SQL NULL.
    case null
    /// A 64-bit integer (Unix-millisecond times, ids, limits).
    case integer(Int64)
    /// A Boolean.
    case bool(Bool)
    /// UTF-8 text (stored through `PGText`, so U+0000 survives).
    case text(String)
    /// Bytes, sent as a `bytea` (e.g. a token's SHA-256).
    case bytes([UInt8])

    /// `.text(value)`, or `.null` when `value` is nil.
    public static func text(orNull value: String?) -> PGValue {
        value.map { .text($0) } ?? .null
    }

    /// The parameter in text format, or nil for NULL.
    var textFormat: String? {
        switch self {
        case .null: return nil
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "t" : "f"
        case .text(let value): return PGText.encode(value)
        case .bytes(let value): return "\\x" + PGValue.hex(value)
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

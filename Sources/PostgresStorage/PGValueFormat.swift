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
        case .bytes(let value): return "\\x" + hex(value)
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

/// Strict base64url (RFC 4648 §5) as JOSE uses it: no padding, no white space, and no non-zero trailing bits, so
/// every byte string has exactly one encoding.
public enum Base64URL {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Six-bit value of each byte, or 0xFF when the byte is outside the base64url alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes without padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            output.append(alphabet[Int(first >> 2)])
            output.append(alphabet[Int((first & 0x03) << 4 | (second ?? 0) >> 4)])
            guard let second else { break }
            output.append(alphabet[Int((second & 0x0F) << 2 | (third ?? 0) >> 6)])
            guard let third else { break }
            output.append(alphabet[Int(third & 0x3F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes unpadded base64url text; nil for any other character, an impossible length, or non-zero trailing
    /// bits.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Array(text.utf8).withUnsafeBufferPointer { decode($0) }
    }

    /// True when every byte belongs to the base64url alphabet (no padding, no white space).
    static func isAlphabet(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        values.withUnsafeBufferPointer { table in
            for byte in bytes where table[Int(byte)] == 0xFF { return false }
            return true
        }
    }

    /// Decodes a span of unpadded base64url bytes with the same strictness as `decode(_:)`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let remainder = bytes.count % 4
        guard remainder != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 4 * 3 + 2)
        return values.withUnsafeBufferPointer { table -> [UInt8]? in
            var accumulator: UInt32 = 0
            var bits = 0
            for byte in bytes {
                let value = table[Int(byte)]
                guard value != 0xFF else { return nil }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                    accumulator &= (1 << UInt32(bits)) - 1
                }
            }
            // Left-over bits (2 or 4) must be zero: otherwise a second text would decode to the same bytes.
            guard accumulator == 0 else { return nil }
            return output
        }
    }
}

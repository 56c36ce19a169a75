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

    /// Decodes a span of unpadded base64url bytes with the same strictness as `decode(_:)`: four characters at a
    /// time into a buffer of the exact decoded length.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let remainder = bytes.count % 4
        guard remainder != 1 else { return nil }
        let quads = bytes.count / 4
        let length = quads * 3 + (remainder == 0 ? 0 : remainder - 1)
        var valid = true
        let output = values.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
                var input = 0
                var written = 0
                var bad: UInt8 = 0
                for _ in 0..<quads {
                    let a = table[Int(bytes[input])]
                    let b = table[Int(bytes[input + 1])]
                    let c = table[Int(bytes[input + 2])]
                    let d = table[Int(bytes[input + 3])]
                    bad |= a | b | c | d
                    output[written] = a << 2 | b >> 4
                    output[written + 1] = b << 4 | c >> 2
                    output[written + 2] = c << 6 | d
                    input += 4
                    written += 3
                }
                // 0xFF is the only table value with its top bits set: any character outside the alphabet shows here.
                valid = bad & 0xC0 == 0
                if valid, remainder >= 2 {
                    let a = table[Int(bytes[input])]
                    let b = table[Int(bytes[input + 1])]
                    let c = remainder == 3 ? table[Int(bytes[input + 2])] : 0
                    // Left-over bits (4 or 2) must be zero: otherwise a second text would decode to the same bytes.
                    let leftover = remainder == 3 ? c & 0x03 : b & 0x0F
                    valid = (a | b | c) & 0xC0 == 0 && leftover == 0
                    output[written] = a << 2 | b >> 4
                    if remainder == 3 { output[written + 1] = b << 4 | c >> 2 }
                }
                initialized = valid ? length : 0
            }
        }
        return valid ? output : nil
    }
}

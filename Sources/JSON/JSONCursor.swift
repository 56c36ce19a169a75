/// Writes JSON through a pointer into memory the caller has sized, for responses written on every request (a
/// task list): one allocation of a computed bound, then plain stores, instead of an array append per piece.
///
/// Every write checks that it stays before `end` (a `precondition`, kept in release builds), so a wrong bound
/// stops the process instead of writing past the buffer.
public struct JSONCursor {
    /// Where the next byte goes.
    public private(set) var position: UnsafeMutablePointer<UInt8>
    private let end: UnsafeMutablePointer<UInt8>

    /// A cursor over `buffer` (not empty), from its start.
    public init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count > 0, "JSONCursor: an empty buffer")
        position = buffer.baseAddress!
        end = buffer.baseAddress! + buffer.count
    }

    /// Room `string` may take: quotes plus, at worst, `\u00XX` (6 bytes) for every byte.
    public static func maximumLength(ofString value: String) -> Int { 2 + 6 * value.utf8.count }
    /// Room an `Int64` may take (`-9223372036854775808`).
    public static let maximumIntegerLength = 20

    @inline(__always)
    private func reserve(_ count: Int) {
        precondition(end - position >= count, "JSONCursor: the computed bound was too small")
    }

    /// Appends one byte of raw JSON (punctuation).
    @inline(__always)
    public mutating func byte(_ value: UInt8) {
        reserve(1)
        position.pointee = value
        position += 1
    }

    /// Appends raw, already valid JSON text.
    @inline(__always)
    public mutating func raw(_ text: StaticString) {
        let count = text.utf8CodeUnitCount
        reserve(count)
        position.update(from: text.utf8Start, count: count)
        position += count
    }

    /// Appends raw, already valid JSON bytes (a piece written once and repeated).
    @inline(__always)
    public mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        guard let start = bytes.baseAddress else { return }
        position.update(from: start, count: bytes.count)
        position += bytes.count
    }

    /// Lets `body` write exactly `count` bytes of valid JSON at the position.
    @inline(__always)
    public mutating func write(count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        reserve(count)
        body(position)
        position += count
    }

    /// Appends a quoted, escaped JSON string (the escapes `JSONWriter.string` writes).
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(utf8: $0) }
    }

    /// Appends `utf8`, which must be valid UTF-8 (a String's bytes; for bytes not known to be, `asciiString`), as a quoted,
    /// escaped JSON string.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        _ = quoted(utf8, asciiOnly: false)
    }

    /// Appends `bytes` as a quoted, escaped JSON string when every byte is ASCII (so valid UTF-8 as it is), checked
    /// in the same pass that looks for escapes; else writes nothing and returns false. Room: as `string(utf8:)`.
    public mutating func asciiString(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        quoted(bytes, asciiOnly: true)
    }

    /// Writes `utf8` quoted and escaped, eight bytes at a time while none needs an escape (most text), then byte by
    /// byte. With `asciiOnly`, a byte of 0x80 or more stops it: nothing is written and the answer is false.
    @inline(__always)
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>, asciiOnly: Bool) -> Bool {
        reserve(2 + 6 * utf8.count)
        var out = position
        out.pointee = UInt8(ascii: "\"")
        out += 1
        if let start = utf8.baseAddress {
            var index = 0
            while index + 8 <= utf8.count {
                let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
                if asciiOnly && word & 0x8080_8080_8080_8080 != 0 { return false }
                guard !Self.needsEscape(word) else { break }
                UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self)
                out += 8
                index += 8
            }
            while index < utf8.count {
                let byte = start[index]
                if asciiOnly && byte >= 0x80 { return false }
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
                    out.pointee = byte
                    out += 1
                } else {
                    out = Self.escape(byte, at: out)
                }
                index += 1
            }
        }
        out.pointee = UInt8(ascii: "\"")
        position = out + 1
        return true
    }

    /// True when one of the eight bytes of `word` is below 0x20, a quote or a backslash (the classic "has a zero
    /// byte" test, on the word and on it xor-ed with each character).
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        // A byte below 0x20: subtracting 0x20 borrows into its high bit, for bytes below 0x80.
        let below = (word &- ones &* 0x20) & ~word & highs
        return below != 0 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    private static func escape(_ byte: UInt8, at out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        out[0] = UInt8(ascii: "\\")
        let short: UInt8? =
            switch byte {
            case 0x22: UInt8(ascii: "\"")
            case 0x5C: UInt8(ascii: "\\")
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            default: nil
            }
        if let short {
            out[1] = short
            return out + 2
        }
        let hex: StaticString = "0123456789abcdef"
        out[1] = UInt8(ascii: "u")
        out[2] = UInt8(ascii: "0")
        out[3] = UInt8(ascii: "0")
        out[4] = hex.utf8Start[Int(byte >> 4)]
        out[5] = hex.utf8Start[Int(byte & 0x0F)]
        return out + 6
    }

    /// Appends an integer.
    public mutating func integer(_ value: Int64) {
        reserve(Self.maximumIntegerLength)
        if value < 0 {
            position.pointee = UInt8(ascii: "-")
            position += 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt64 = 1
        while magnitude / scale >= 10 {
            scale *= 10
            digits += 1
        }
        for index in stride(from: digits - 1, through: 0, by: -1) {
            position[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
        position += digits
    }

    /// Appends `true` or `false`.
    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends `null`.
    public mutating func null() {
        raw("null")
    }
}

extension Array where Element == UInt8 {
    /// Bytes written by `body` through a cursor over `capacity` bytes (the bound the caller computed).
    public init(jsonCapacity capacity: Int, _ body: (inout JSONCursor) -> Void) {
        self.init(unsafeUninitializedCapacity: capacity) { buffer, count in
            var cursor = JSONCursor(buffer)
            body(&cursor)
            count = cursor.position - buffer.baseAddress!
        }
    }
}

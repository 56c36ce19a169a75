/// How text is stored so that U+0000, which PostgreSQL's `text` cannot hold, still round-trips exactly.
///
/// U+0001 is the escape: U+0000 is stored as U+0001 U+0001 and U+0001 as U+0001 U+0002; every other character is
/// stored as itself. The code words keep the order of the characters they stand for and none is a prefix of
/// another, so comparing stored text by code point orders it like the original (`ORDER BY ... COLLATE "C"`), and
/// `lower()` leaves the escapes alone. Text without U+0000 or U+0001 (nearly all of it) is stored unchanged.
/// Search terms are encoded the same way before `strpos`.
enum PGText {
    /// `text` as stored.
    static func encode(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 <= 1 }) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 4)
        for byte in text.utf8 {
            switch byte {
            case 0: out += [1, 1]
            case 1: out += [1, 2]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The original text of `bytes` as stored (UTF-8).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(1) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaped = false
        for byte in bytes {
            if escaped {
                out.append(byte == 1 ? 0 : 1)
                escaped = false
            } else if byte == 1 {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `decode` of a Swift string (for tests and callers holding a `String`).
    static func decode(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { decode($0) }
    }
}

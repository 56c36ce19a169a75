import JSON
import Testing

/// `JSONCursor` writes what `JSONWriter` writes, byte for byte, within the bound it is given.
@Suite("JSONCursor")
struct CursorTests {
    private func cursorBytes(capacity: Int, _ body: (inout JSONCursor) -> Void) -> [UInt8] {
        [UInt8](jsonCapacity: capacity, body)
    }

    private func writerBytes(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter()
        body(&writer)
        return writer.bytes
    }

    @Test("every byte below 0x80, alone and amid text, is escaped as JSONWriter escapes it")
    func everyASCIIByte() {
        for scalar in 0..<0x80 {
            let text = "a" + String(Unicode.Scalar(UInt8(scalar))) + "b"
            let written = cursorBytes(capacity: JSONCursor.maximumLength(ofString: text)) { $0.string(text) }
            #expect(written == writerBytes { $0.string(text) }, "byte \(scalar)")
        }
    }

    @Test("asciiString writes what string(utf8:) writes for ASCII, and nothing when a byte at any offset is not")
    func asciiStringAgreesOrRefuses() {
        for filler in [UInt8(ascii: "a"), 0x22, 0x0A, 0x7F] {
            for length in 0..<20 {
                let ascii = [UInt8](repeating: filler, count: length)
                let bound = 2 + 6 * length
                let expected = ascii.withUnsafeBufferPointer { bytes in
                    cursorBytes(capacity: bound) { $0.string(utf8: bytes) }
                }
                var refused = false
                let written = ascii.withUnsafeBufferPointer { bytes in
                    cursorBytes(capacity: bound) { refused = !$0.asciiString(bytes) }
                }
                #expect(!refused && written == expected, "\(length) × \(filler)")
                for offset in 0..<length {
                    var bytes = ascii
                    bytes[offset] = 0x80 | filler
                    let none = bytes.withUnsafeBufferPointer { bytes in
                        cursorBytes(capacity: bound) { refused = !$0.asciiString(bytes) }
                    }
                    #expect(refused && none.isEmpty, "\(0x80 | filler) at \(offset) of \(length)")
                }
            }
        }
    }

    @Test("a byte needing an escape is found at every offset of a long string (the eight-byte scan)")
    func everyOffset() {
        let specials: [UInt8] = [0x00, 0x01, 0x0A, 0x1F, 0x22, 0x5C]
        let fillers: [UInt8] = [UInt8(ascii: "a"), 0x20, 0x21, 0x5B, 0x5D, 0x7F]
        for special in specials {
            for filler in fillers {
                for offset in 0..<24 {
                    var bytes = [UInt8](repeating: filler, count: 24)
                    bytes[offset] = special
                    let text = String(decoding: bytes, as: UTF8.self)
                    let written = cursorBytes(capacity: JSONCursor.maximumLength(ofString: text)) { $0.string(text) }
                    #expect(written == writerBytes { $0.string(text) }, "byte \(special) at \(offset)")
                }
            }
        }
        // Multi-byte UTF-8 (bytes at 0x80 and above) beside a quote: no borrow may hide it.
        let text = "é\"日本語\u{1}ü€𝄞" + String(repeating: "ß", count: 9)
        let written = cursorBytes(capacity: JSONCursor.maximumLength(ofString: text)) { $0.string(text) }
        #expect(written == writerBytes { $0.string(text) })
    }

    @Test("the worst case fits its bound exactly: every byte a \\u00XX escape")
    func worstCaseBound() {
        let text = String(repeating: "\u{01}", count: 40)
        let bound = JSONCursor.maximumLength(ofString: text)
        let written = cursorBytes(capacity: bound) { $0.string(text) }
        #expect(written.count == bound)
        #expect(written == writerBytes { $0.string(text) })
    }

    @Test("non-ASCII text, empty strings and U+2028 pass through")
    func unicode() {
        for text in ["", "é", "日本語 ✓", "\u{2028}\u{2029}", "👩‍👩‍👧", "e\u{301}"] {
            let written = cursorBytes(capacity: JSONCursor.maximumLength(ofString: text)) { $0.string(text) }
            #expect(written == writerBytes { $0.string(text) })
        }
    }

    @Test(
        "integers, including both ends of Int64",
        arguments: [Int64.min, Int64.min + 1, -1_000_000, -10, -9, -1, 0, 1, 9, 10, 99, 100, 1_234_567_890, .max])
    func integers(value: Int64) {
        let written = cursorBytes(capacity: JSONCursor.maximumIntegerLength) { $0.integer(value) }
        #expect(String(decoding: written, as: UTF8.self) == String(value))
    }

    @Test("raw text, bytes, booleans and null, in order")
    func pieces() {
        let written = cursorBytes(capacity: 64) { out in
            out.byte(UInt8(ascii: "["))
            out.bool(true)
            out.raw(",")
            out.bool(false)
            out.byte(UInt8(ascii: ","))
            out.null()
            out.byte(UInt8(ascii: ","))
            out.write(count: 3) { bytes in
                for index in 0..<3 { bytes[index] = UInt8(ascii: "7") }
            }
            out.byte(UInt8(ascii: "]"))
        }
        #expect(String(decoding: written, as: UTF8.self) == "[true,false,null,777]")
    }
}

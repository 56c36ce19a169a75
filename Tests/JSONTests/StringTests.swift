import JSON
import Testing

@Suite("JSON strings: escapes, \\u, surrogates, control characters")
struct StringTests {
    @Test("the short escapes decode")
    func shortEscapes() {
        #expect(parsed(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
    }

    @Test(
        "\\u escapes decode in either case",
        arguments: [
            (#""\u0041""#, "A"), (#""\u00e9""#, "é"), (#""\u00E9""#, "é"), (#""\u20AC""#, "€"),
            (#""a\u0000b""#, "a\u{0}b"), (#""\u001F""#, "\u{1F}"), (#""\uFFFF""#, "\u{FFFF}"),
        ])
    func unicodeEscapes(text: String, value: String) {
        #expect(parsed(text) == .string(value))
    }

    @Test("a surrogate pair decodes to one scalar")
    func surrogatePair() {
        #expect(parsed(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(parsed(#""x\ud834\udd1ey""#) == .string("x𝄞y"))
        #expect(parsed(#""\uDBFF\uDFFF""#)?.stringValue?.unicodeScalars.first?.value == 0x10_FFFF)
    }

    @Test(
        "a lone or misordered surrogate is refused",
        arguments: [
            #""\uD83D""#, #""\uD83Dx""#, #""\uD83D\u0041""#, #""\uD83D\uD83D""#, #""\uDE00""#,
            #""\uDE00\uD83D""#, #""a\uDFFFb""#, #""\uD800\n""#, #""\uD800\""#,
        ])
    func loneSurrogates(text: String) {
        #expect(parseError(text)?.reason == "lone surrogate")
    }

    @Test("a high surrogate at the very end of the input is refused")
    func highSurrogateAtEnd() {
        #expect(parseError(#""\uD83D"#) != nil)
        #expect(parseError(#""\uD83D\u"#) != nil)
    }

    @Test(
        "malformed escapes are refused",
        arguments: [#""\x""#, #""\'""#, #""\U0041""#, #""\u12""#, #""\u12G4""#, #""\u""#, #""\"#, #""\ ""#])
    func badEscapes(text: String) {
        #expect(parseError(text) != nil)
    }

    @Test("every raw control character in a string is refused at its offset", arguments: 0x00...0x1F)
    func rawControlCharacters(byte: Int) {
        let plain: [UInt8] = [0x22, 0x61, UInt8(byte), 0x22]
        #expect(parseError(plain) == JSONParseError(offset: 2, reason: "control character in string"))
        let afterEscape: [UInt8] = [0x22, 0x5C, 0x6E, UInt8(byte), 0x22]
        #expect(parseError(afterEscape) == JSONParseError(offset: 3, reason: "control character in string"))
    }

    @Test("DEL and non-ASCII characters pass through unescaped")
    func rawNonControl() {
        #expect(parsed("\"a\u{7F}b\"") == .string("a\u{7F}b"))
        #expect(parsed("\"é😀\u{2028}\"") == .string("é😀\u{2028}"))
        #expect(parsed("\"\\n é\"") == .string("\n é"))
    }

    @Test("an unterminated string is refused")
    func unterminated() {
        #expect(parseError("\"abc")?.reason == "unterminated string")
        #expect(parseError("\"a\\nbc")?.reason == "unterminated string")
        #expect(parseError("\"abc\\") != nil)
    }

    @Test(
        "invalid UTF-8 inside a string is refused at the string's first byte",
        arguments: [
            [0xFF], [0xC3], [0xC3, 0x28], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80],
            [0xF0, 0x9F, 0x98], [0x80],
        ] as [[UInt8]])
    func invalidUTF8(sequence: [UInt8]) {
        let plain = [0x22, 0x61] + sequence + [0x22]
        #expect(parseError(plain) == JSONParseError(offset: 1, reason: "invalid UTF-8"))
        let afterEscape = [0x22, 0x5C, 0x74] + sequence + [0x22]
        #expect(parseError(afterEscape) == JSONParseError(offset: 1, reason: "invalid UTF-8"))
    }

    @Test("invalid UTF-8 in an object key is refused")
    func invalidUTF8Key() {
        let bytes: [UInt8] = Array("{\"".utf8) + [0xFF] + Array("\":1}".utf8)
        #expect(parseError(bytes)?.reason == "invalid UTF-8")
    }
}

import JSON
import Testing

@Suite("JSON literals, white space and document boundaries")
struct LiteralTests {
    @Test("true, false and null parse as top-level values")
    func literals() {
        #expect(parsed("true") == .bool(true))
        #expect(parsed("false") == .bool(false))
        #expect(parsed("null") == .null)
    }

    @Test("the four RFC 8259 white space characters surround a value")
    func whitespace() {
        #expect(parsed(" \t\r\n true \t\r\n ") == .bool(true))
        #expect(parsed("\n[ 1 , 2 ]\n") == .array([.number(1), .number(2)]))
    }

    @Test(
        "misspelt, truncated or non-JSON literals are refused",
        arguments: ["tru", "True", "nul", "NULL", "fals", "nan", "NaN", "Infinity", "undefined", "t", "n"])
    func badLiterals(text: String) {
        #expect(parseError(text) != nil)
    }

    @Test("white space that RFC 8259 does not list is refused", arguments: ["\u{0C}1", "\u{A0}1", "1\u{0B}"])
    func otherWhitespace(text: String) {
        #expect(parseError(text) != nil)
    }

    @Test("empty or blank input is refused at the end of the input")
    func emptyInput() {
        #expect(parseError("") == JSONParseError(offset: 0, reason: "unexpected end of input"))
        #expect(parseError("  \n") == JSONParseError(offset: 3, reason: "unexpected end of input"))
    }

    @Test(
        "content after the value is refused at its offset",
        arguments: [
            ("1 2", 2), ("truex", 4), ("nulls", 4), ("{} {}", 3), ("[]]", 2), ("\"a\"\"b\"", 3), ("0 x", 2),
        ])
    func trailingContent(text: String, offset: Int) {
        #expect(parseError(text) == JSONParseError(offset: offset, reason: "unexpected content after the JSON value"))
    }

    @Test("bytes that cannot start a value are refused", arguments: ["'a'", "+1", "x", ",", ":", "}", "]"])
    func unexpectedStart(text: String) {
        #expect(parseError(text)?.offset == 0)
    }

    @Test("a byte that is not UTF-8 outside a string is refused")
    func invalidByteOutsideString() {
        #expect(parseError([0xFF]) != nil)
        #expect(parseError([UInt8(ascii: "["), 0xC3, 0xA9, UInt8(ascii: "]")]) != nil)
    }

    @Test("the error's description names the reason and the offset")
    func errorDescription() {
        #expect(JSONParseError(offset: 3, reason: "invalid number").description == "invalid number at byte 3")
    }
}

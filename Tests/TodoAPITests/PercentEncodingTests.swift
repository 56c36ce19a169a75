import Testing
import TodoAPI

@Suite("PercentEncoding")
struct PercentEncodingTests {
    @Test(
        "decodes escapes in either case",
        arguments: [
            ("abc", "abc"), ("a%20b", "a b"), ("%41%62", "Ab"), ("%c3%a9", "é"), ("%C3%A9", "é"), ("%2F", "/"),
            ("%25", "%"), ("%00", "\u{0}"), ("a+b", "a+b"), ("", ""), ("%F0%9F%98%80", "😀"),
        ])
    func decode(text: String, expected: String) {
        #expect(PercentEncoding.decode(Substring(text)) == expected)
    }

    @Test("with plusAsSpace, + is a space and %2B a plus")
    func plusAsSpace() {
        #expect(PercentEncoding.decode("a+b", plusAsSpace: true) == "a b")
        #expect(PercentEncoding.decode("a%2Bb", plusAsSpace: true) == "a+b")
        #expect(PercentEncoding.decode("++", plusAsSpace: true) == "  ")
    }

    @Test(
        "nil for a malformed escape or bytes that are not UTF-8",
        arguments: ["%", "a%", "%4", "%G1", "%1G", "a%zz", "%%", "%FF", "%C3", "%C3%28", "%ED%A0%80", "%C0%AF"])
    func malformed(text: String) {
        #expect(PercentEncoding.decode(Substring(text)) == nil)
        #expect(PercentEncoding.decode(Substring(text), plusAsSpace: true) == nil)
    }

    @Test(
        "encodeSegment keeps only RFC 3986 unreserved characters",
        arguments: [
            ("alice", "alice"), ("AZaz09-._~", "AZaz09-._~"), ("a b/c", "a%20b%2Fc"), ("é", "%C3%A9"), ("+", "%2B"),
            ("%", "%25"), ("?#[]@!$&'()*,;=", "%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D"), ("", ""),
        ])
    func encodeSegment(text: String, expected: String) {
        #expect(PercentEncoding.encodeSegment(text) == expected)
    }

    @Test("decode undoes encodeSegment", arguments: ["a b/c?d", "😀 + é", "100%", "\u{0}\u{7F}"])
    func roundTrip(text: String) {
        #expect(PercentEncoding.decode(Substring(PercentEncoding.encodeSegment(text))) == text)
    }
}

import JSON
import Testing

@Suite("JSONWriter")
struct WriterTests {
    private func written(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("quotes and backslashes are escaped")
    func quoteAndBackslash() {
        #expect(written { $0.string(#"say "hi" \ bye"#) } == #""say \"hi\" \\ bye""#)
    }

    @Test("control characters use the short escapes where JSON has them")
    func shortEscapes() {
        #expect(written { $0.string("\n\r\t\u{08}\u{0C}") } == #""\n\r\t\b\f""#)
    }

    @Test(
        "other control characters use the lower-case \\u00XX form",
        arguments: [(0x00, #""\u0000""#), (0x01, #""\u0001""#), (0x0B, #""\u000b""#), (0x1F, #""\u001f""#)])
    func controlEscapes(scalar: UInt32, expected: String) {
        #expect(written { $0.string(String(Unicode.Scalar(scalar)!)) } == expected)
    }

    @Test("DEL, slash, U+2028 and non-ASCII text pass through as UTF-8")
    func passThrough() {
        let text = "/\u{7F}é€😀\u{2028}"
        #expect(written { $0.string(text) } == "\"" + text + "\"")
    }

    @Test("escapes between plain runs keep the runs intact")
    func mixedRuns() {
        #expect(written { $0.string("ab\"cd\ne\u{1}f") } == #""ab\"cd\ne\u0001f""#)
        #expect(written { $0.string("") } == #""""#)
    }

    @Test(
        "integers, including the extremes of Int64",
        arguments: [
            (Int64(0), "0"), (7, "7"), (-7, "-7"), (10, "10"), (1_234_567_890, "1234567890"),
            (.max, "9223372036854775807"), (.min, "-9223372036854775808"),
        ])
    func integers(value: Int64, expected: String) {
        #expect(written { $0.integer(value) } == expected)
    }

    @Test(
        "integral doubles are written without a fraction",
        arguments: [(3.0, "3"), (-42.0, "-42"), (0.0, "0"), (1e15, "1000000000000000")])
    func integralNumbers(value: Double, expected: String) {
        #expect(written { $0.number(value) } == expected)
    }

    @Test(
        "fractions and large doubles are written so they read back exactly",
        arguments: [1.5, 0.1, -2.25e-300, 1e20, 9.5e15])
    func otherNumbers(value: Double) throws {
        let text = written { $0.number(value) }
        #expect(try JSONParser.parse(text) == .number(value))
    }

    @Test("a non-finite number never produces invalid JSON", arguments: [Double.infinity, -.infinity, .nan])
    func nonFinite(value: Double) {
        let bytes = JSONValue.number(value).serialized
        #expect(parseError(bytes) == nil, "wrote \(String(decoding: bytes, as: UTF8.self))")
    }

    @Test("literals, keys, raw punctuation and pre-formatted bytes")
    func pieces() {
        let text = written { writer in
            writer.raw("{")
            writer.key("a\"b")
            writer.bool(true)
            writer.raw(",")
            writer.key("f")
            writer.bool(false)
            writer.raw(",")
            writer.key("n")
            writer.null()
            writer.raw(",")
            writer.key("p")
            writer.append(Array("[1,2]".utf8))
            writer.raw("}")
        }
        #expect(text == #"{"a\"b":true,"f":false,"n":null,"p":[1,2]}"#)
    }

    @Test("objects are serialized with sorted keys and no white space")
    func sortedObjects() {
        let value: JSONValue = .object(["b": .number(1), "a": .array([.null, .bool(false)]), "c": .object([:])])
        #expect(value.serializedString == #"{"a":[null,false],"b":1,"c":{}}"#)
        #expect(value.serialized == Array(value.serializedString.utf8))
    }
}

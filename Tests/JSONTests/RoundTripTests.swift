import JSON
import Testing

@Suite("parse(serialize(x)) == x")
struct RoundTripTests {
    static let values: [JSONValue] = [
        .null,
        .bool(true),
        .bool(false),
        .number(0),
        .number(-1),
        .number(1.5),
        .number(1e300),
        .number(-2.5e-300),
        .number(123_456_789_012),
        .number(Double(Int64.max)),
        .string(""),
        .string("quote \" backslash \\ slash / tab \t nul \u{0} unit \u{1F} del \u{7F}"),
        .string("é 😀 𝄞 \u{2028}"),
        .array([]),
        .array([.number(1), .string("two"), .null, .array([.bool(true)])]),
        .object([:]),
        .object(["title": .string("Buy milk"), "done": .bool(false), "tags": .array([.string("a")])]),
        .object(["nested": .object(["deeper": .object(["x": .number(-0.5)])]), "": .null]),
    ]

    @Test("values survive serialization and parsing", arguments: values)
    func roundTrip(value: JSONValue) throws {
        #expect(try JSONParser.parse(value.serialized) == value)
    }

    @Test(
        "compact, key-sorted text serializes back to itself",
        arguments: [
            #"{"a":[1,2.5,"x"],"b":null}"#, #"[true,false,{}]"#, #""\"\\\n\u0001""#, #"{"k":{"k":[[]]}}"#, "-3",
        ])
    func textRoundTrip(text: String) throws {
        #expect(try JSONParser.parse(text).serializedString == text)
    }
}

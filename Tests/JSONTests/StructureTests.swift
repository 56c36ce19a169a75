import JSON
import Testing

@Suite("JSON arrays and objects")
struct StructureTests {
    @Test("objects and arrays parse, nested and empty")
    func nested() {
        let value = parsed(#"{"a": [1, true, null, "x"], "b": {"c": {}}, "d": [], "e": [[]]}"#)
        let expected: JSONValue = .object([
            "a": .array([.number(1), .bool(true), .null, .string("x")]),
            "b": .object(["c": .object([:])]),
            "d": .array([]),
            "e": .array([.array([])]),
        ])
        #expect(value == expected)
        #expect(parsed("{ }") == .object([:]))
        #expect(parsed("[ \n ]") == .array([]))
    }

    @Test("accessors answer for their own case only")
    func accessors() throws {
        let value = try JSONParser.parse(#"{"s": "x", "n": 2, "b": false, "o": {}, "a": [], "z": null}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.numberValue == 2)
        #expect(value["b"]?.boolValue == false)
        #expect(value["o"]?.objectValue == [:])
        #expect(value["a"]?.arrayValue == [])
        #expect(value["z"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value["s"]?.numberValue == nil)
        #expect(value["n"]?.stringValue == nil)
        #expect(JSONValue.array([])["s"] == nil)
        #expect(value.objectValue?.count == 6)
    }

    @Test(
        "malformed arrays and objects are refused",
        arguments: [
            "[", "{", "]", "}", "[1,]", "[,1]", "[,]", "[1 2]", "[1,,2]", "{,}", #"{"a":1,}"#, #"{"a"}"#, #"{"a" 1}"#,
            #"{"a":}"#, #"{"a":"#, "{a:1}", "{1:1}", "{'a':1}", #"{"a":1 "b":2}"#, #"{"a":1;"b":2}"#, "[1}",
            #"{"a":1]"#,
            #"{"a""#, "[[]", "{\"a\":{}",
        ])
    func refused(text: String) {
        #expect(parseError(text) != nil)
    }

    @Test(
        "a duplicate key is refused at the offset of its second occurrence",
        arguments: [
            (#"{"a":1,"a":2}"#, 7), (#"{"a":1,"b":2,"a":3}"#, 13), (#"{"a":1, "\u0061":2}"#, 8),
            (#"[{"k":0,"k":0}]"#, 8), (#"{"o":{"x":{},"x":[]}}"#, 13), (#"{"":1,"":1}"#, 6),
        ])
    func duplicateKeys(text: String, offset: Int) {
        #expect(parseError(text) == JSONParseError(offset: offset, reason: "duplicate key"))
    }

    @Test("objects of every size up to 40 members keep every member, and a duplicate at any position is refused")
    func objectSizes() {
        for count in 0...40 {
            let members = (0..<count).map { #""k\#($0)":\#($0)"# }
            let text = "{" + members.joined(separator: ",") + "}"
            let object = parsed(text)?.objectValue
            #expect(object?.count == count, "\(count) members")
            #expect((0..<count).allSatisfy { object?["k\($0)"] == .number(Double($0)) }, "\(count) members")
            for original in 0..<count {
                // The last member repeats an earlier key, spelled with a \u escape for half of them.
                let spelled = original % 2 == 0 ? #""k\#(original)""# : #""\u006b\#(original)""#
                let duplicated = "{" + members.joined(separator: ",") + "," + spelled + ":0}"
                let offset = duplicated.utf8.count - spelled.utf8.count - 3
                #expect(
                    parseError(duplicated) == JSONParseError(offset: offset, reason: "duplicate key"),
                    "k\(original) again after \(count) members")
            }
        }
    }

    @Test("the same key in sibling or nested objects is not a duplicate")
    func sameKeyElsewhere() {
        #expect(parsed(#"[{"a":1},{"a":2}]"#) != nil)
        #expect(parsed(#"{"a":{"a":{"a":1}}}"#) != nil)
        #expect(parsed(#"{"a":1,"A":2}"#)?.objectValue?.count == 2)
    }

    /// RFC 8259 section 8.3 compares member names code unit by code unit, so a precomposed and a
    /// decomposed "é" are two different names, not a duplicate.
    /// Swift compares strings by canonical equivalence, so two spellings of one name are one member: the
    /// parser refuses such an object rather than let a later lookup pick one of them (a JWT header or a
    /// body could otherwise say two things under one name).
    @Test("keys that are canonically equivalent are refused as duplicates")
    func canonicallyEquivalentKeys() {
        #expect(parsed(#"{"\u00e9":1,"e\u0301":2}"#) == nil)
    }
}

import JSON
import Testing

@Suite("JSON nesting limit")
struct NestingTests {
    private func arrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    private func objects(_ depth: Int) -> String {
        String(repeating: #"{"k":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
    }

    @Test("the limit is 64")
    func limit() {
        #expect(JSONParser.maximumDepth == 64)
    }

    @Test("64 nested arrays or objects parse")
    func atLimit() {
        #expect(parsed(arrays(64)) != nil)
        #expect(parsed(objects(64)) != nil)
        #expect(parsed(String(repeating: "[", count: 63) + "{\"a\":1}" + String(repeating: "]", count: 63)) != nil)
    }

    @Test("65 nested arrays or objects are refused where the 65th opens")
    func overLimit() {
        #expect(parseError(arrays(65)) == JSONParseError(offset: 64, reason: "nesting too deep"))
        #expect(parseError(objects(65)) == JSONParseError(offset: 64 * 5, reason: "nesting too deep"))
    }

    @Test("sibling containers do not add up: depth is nesting, not count")
    func siblings() {
        let wide = "[" + Array(repeating: arrays(63), count: 100).joined(separator: ",") + "]"
        #expect(parsed(wide) != nil)
    }

    @Test("100000 opening brackets are refused without exhausting the stack")
    func hostileDepth() {
        #expect(parseError(String(repeating: "[", count: 100_000))?.reason == "nesting too deep")
        #expect(parseError(String(repeating: #"{"a":"#, count: 100_000))?.reason == "nesting too deep")
    }
}

import Testing
import TodoAPI

@Suite("QueryParameters")
struct QueryParametersTests {
    @Test("names and values are decoded, + as a space")
    func decoding() {
        let query = QueryParameters("a=1&q=oat+milk&p=a%2Bb&n%61me=%C3%A9")
        #expect(query["a"] == "1")
        #expect(query["q"] == "oat milk")
        #expect(query["p"] == "a+b")
        #expect(query["name"] == "é")
        #expect(query["missing"] == nil)
        #expect(query.malformed.isEmpty)
    }

    @Test("& and = separate on their bytes, even before a combining mark (one Character with it)")
    func separatorsAreBytes() {
        let query = QueryParameters("a=1&\u{301}b=2&c=\u{301}x")
        #expect(query["a"] == "1")
        #expect(query["\u{301}b"] == "2")
        #expect(query["c"] == "\u{301}x")
    }

    @Test("a repeated name keeps its last value")
    func lastWins() {
        #expect(QueryParameters("x=1&x=2&x=3")["x"] == "3")
    }

    @Test("empty values, bare names, extra separators and = in values")
    func shapes() {
        let query = QueryParameters("&&flag&empty=&eq=a=b&")
        #expect(query["flag"] == "")
        #expect(query["empty"] == "")
        #expect(query["eq"] == "a=b")
        #expect(query[""] == nil)
        #expect(QueryParameters("")["a"] == nil)
    }

    @Test("a value that does not decode is reported by name and not stored")
    func malformedValue() {
        let query = QueryParameters("status=%ZZ&limit=%FF&ok=1")
        #expect(query.malformed == ["status", "limit"])
        #expect(query["status"] == nil)
        #expect(query["limit"] == nil)
        #expect(query["ok"] == "1")
    }

    @Test("a name that does not decode is dropped")
    func malformedName() {
        let query = QueryParameters("%ZZ=1&b=2")
        #expect(query.malformed.isEmpty)
        #expect(query["b"] == "2")
    }
}

import Testing

@testable import TodoAPI

/// The path's user is matched to the token's subject byte for byte, never by canonical equivalence.
@Suite struct SameBytesTests {
    @Test func bytesDecideNotCanonicalEquivalence() {
        #expect("".hasSameBytes(as: ""))
        #expect("alice".hasSameBytes(as: "alice"))
        #expect("\u{E9}t\u{E9}".hasSameBytes(as: "\u{E9}t\u{E9}"))
        #expect(!"\u{E9}".hasSameBytes(as: "e\u{301}"))
        #expect("\u{E9}" == "e\u{301}")  // what `==` would have said
        #expect(!"alice".hasSameBytes(as: "alicE"))
        #expect(!"alice".hasSameBytes(as: "alice "))
        #expect(!"".hasSameBytes(as: "a"))
        // Two strings with storage of their own (longer than the small-string form), equal bytes.
        let long = String(repeating: "x", count: 40)
        #expect(long.hasSameBytes(as: String(decoding: Array(long.utf8), as: UTF8.self)))
    }
}

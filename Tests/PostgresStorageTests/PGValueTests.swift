import Testing

@testable import PostgresStorage

@Suite struct PGValueTests {
    @Test func sendsTextFormat() {
        #expect(PGValue.null.textFormat == nil)
        #expect(PGValue.integer(-42).textFormat == "-42")
        #expect(PGValue.integer(Int64.max).textFormat == "9223372036854775807")
        #expect(PGValue.bool(true).textFormat == "t")
        #expect(PGValue.bool(false).textFormat == "f")
        #expect(PGValue.bytes([0x00, 0xAB, 0xFF]).textFormat == "\\x00abff")
        #expect(PGValue.text("a\u{0}b").textFormat == "a\u{1}\u{1}b")
        #expect(PGValue.text(orNull: nil) == .null)
    }
}

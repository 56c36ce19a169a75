import Storage
import Testing

@testable import PostgresStorage

@Suite struct PGValueTests {
    @Test func sendsTextFormat() {
        #expect(PGValueFormat.text(.null) == nil)
        #expect(PGValueFormat.text(.integer(-42)) == "-42")
        #expect(PGValueFormat.text(.integer(Int64.max)) == "9223372036854775807")
        #expect(PGValueFormat.text(.bool(true)) == "t")
        #expect(PGValueFormat.text(.bool(false)) == "f")
        #expect(PGValueFormat.text(.bytes([0x00, 0xAB, 0xFF])) == "\\x00abff")
        #expect(PGValueFormat.text(.bytes([])) == "\\x")
        #expect(PGValueFormat.text(.text("a\u{0}b")) == "a\u{1}\u{1}b")
        #expect(PGValueFormat.text(.text("")) == "")
        #expect(StorageValue.text(orNull: nil) == .null)
        #expect(PGValueFormat.text(.text(orNull: nil)) == nil)
    }
}

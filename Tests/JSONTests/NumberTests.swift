import JSON
import Testing

@Suite("JSON numbers")
struct NumberTests {
    @Test(
        "RFC 8259 number forms parse to their value",
        arguments: [
            ("0", 0.0), ("7", 7), ("-7", -7), ("10", 10), ("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000),
            ("1E3", 1000), ("1e+3", 1000), ("25e-2", 0.25), ("-1.5E-1", -0.15), ("123456789", 123_456_789),
            ("0.0", 0), ("0e0", 0), ("1.7976931348623157e308", .greatestFiniteMagnitude),
        ])
    func accepted(text: String, value: Double) {
        #expect(parsed(text) == .number(value))
    }

    @Test("integers of every length up to 20 digits, either sign, agree with Double's own parsing of the text")
    func integersAgreeWithDouble() {
        var checked = 0
        for length in 1...20 {
            for pattern in ["123456789", "987654321", "999999999", "100000000", "900719925474099"] {
                var digits = String(repeating: pattern, count: 3).prefix(length)
                if digits.hasPrefix("0") { digits = "1" + digits.dropFirst() }
                for text in [String(digits), "-" + digits] {
                    #expect(parsed(text) == .number(Double(text)!), "\(text)")
                    checked += 1
                }
            }
        }
        for text in ["999999999999999", "1000000000000000", "9007199254740993", "-9007199254740993", "4102444800"] {
            #expect(parsed(text) == .number(Double(text)!), "\(text)")
        }
        #expect(checked == 200)
    }

    @Test("minus zero keeps its sign")
    func negativeZero() {
        #expect(parsed("-0")?.numberValue?.sign == .minus)
    }

    @Test("an exponent too small for a Double rounds to zero")
    func underflow() {
        #expect(parsed("1e-400") == .number(0))
    }

    @Test(
        "malformed numbers are refused",
        arguments: [
            "01", "-01", "00", "-", "--1", "+1", "1.", "-1.", ".5", "-.5", "1e", "1E", "1e+", "1e-", "1.e3", "0x10",
            "1_000", "- 1", "1.5.", "Infinity", "-Infinity", "1e1.5", "[1.]", "[-]",
        ])
    func refused(text: String) {
        #expect(parseError(text) != nil)
    }

    @Test("a leading zero stops the number, so the next digit is trailing content")
    func leadingZeroOffset() {
        #expect(parseError("01")?.offset == 1)
        #expect(parseError("-012")?.offset == 2)
    }

    @Test("a number cut short is refused where the missing digit should be")
    func truncatedOffsets() {
        #expect(parseError("-") == JSONParseError(offset: 1, reason: "invalid number"))
        #expect(parseError("1.") == JSONParseError(offset: 2, reason: "invalid number"))
        #expect(parseError("1e") == JSONParseError(offset: 2, reason: "invalid number"))
        #expect(parseError("[1e+]") == JSONParseError(offset: 4, reason: "invalid number"))
    }

    @Test(
        "a number beyond Double's range is refused, not turned into infinity",
        arguments: [("1e309", 0), ("-1e400", 0), ("[0, 1e99999]", 4), ("{\"a\":2E+1000}", 5)])
    func outOfRange(text: String, offset: Int) {
        #expect(parseError(text) == JSONParseError(offset: offset, reason: "number out of range"))
    }

    @Test("a 400-digit integer is out of range")
    func hugeInteger() {
        #expect(parseError("1" + String(repeating: "0", count: 400))?.reason == "number out of range")
    }
}

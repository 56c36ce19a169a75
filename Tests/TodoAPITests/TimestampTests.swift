import Testing
import TodoAPI

@Suite("Timestamp.format(milliseconds:)")
struct TimestampTests {
    @Test(
        "known instants",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000Z"),
            (1, "1970-01-01T00:00:00.001Z"),
            (951_782_400_123, "2000-02-29T00:00:00.123Z"),
            (951_868_800_000, "2000-03-01T00:00:00.000Z"),
            (4_107_456_000_000, "2100-02-28T00:00:00.000Z"),
            (4_107_542_400_000, "2100-03-01T00:00:00.000Z"),
            (1_768_123_800_000, "2026-01-11T09:30:00.000Z"),
            (1_768_123_859_999, "2026-01-11T09:30:59.999Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (-1000, "1969-12-31T23:59:59.000Z"),
            (-1001, "1969-12-31T23:59:58.999Z"),
            (-86_400_000, "1969-12-31T00:00:00.000Z"),
            (-86_400_001, "1969-12-30T23:59:59.999Z"),
            (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
            (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        ])
    func format(milliseconds: Int64, expected: String) {
        #expect(Timestamp.format(milliseconds: milliseconds) == expected)
    }

    @Test("append writes the same text after what the buffer holds")
    func append() {
        var bytes = Array("at ".utf8)
        Timestamp.append(milliseconds: 951_782_400_123, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "at 2000-02-29T00:00:00.123Z")
    }

    /// A row written by another tool can hold any integer; formatting it must not stop the process.
    @Test("values outside years 0000-9999 do not trap", arguments: [Int64.min, -62_167_219_200_001, Int64.max])
    func outOfRange(milliseconds: Int64) async {
        await #expect(processExitsWith: .success) { [milliseconds] in
            _ = Timestamp.format(milliseconds: milliseconds)
        }
    }

    /// A signed token may carry any number as `exp`; get-session formats it (a token with exp 1e300 used to
    /// trap converting to Int64 and take the whole responder down).
    @Test("seconds from a token are clamped before any integer conversion")
    func secondsAreClamped() {
        #expect(Timestamp.format(seconds: 1e300) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.format(seconds: -1e300) == "0000-01-01T00:00:00.000Z")
        #expect(Timestamp.format(seconds: .infinity) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.format(seconds: .nan) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(seconds: 1_767_225_600.5) == "2026-01-01T00:00:00.500Z")
    }

    @Test("a date memo carried across instants on the same and on other days writes what formatting alone writes")
    func memo() {
        var instants: [Int64] = [0, 1, 86_399_999, 86_400_000, -1, -86_400_000, -86_400_001, 951_782_400_123]
        var state: UInt64 = 42
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Runs on one day, jumps between days and years, both signs.
            let jump = Int64(bitPattern: state) % 400_000_000_000
            instants.append(state % 3 == 0 ? instants.last! + Int64(state % 5000) : jump)
        }
        instants.append(contentsOf: [Int64.max, Int64.min, 253_402_300_799_999, -62_167_219_200_000])
        var memo = Timestamp.DateMemo()
        var buffer = [UInt8](repeating: 0, count: Timestamp.length)
        for instant in instants {
            buffer.withUnsafeMutableBufferPointer {
                Timestamp.write(milliseconds: instant, to: $0.baseAddress!, memo: &memo)
            }
            #expect(String(decoding: buffer, as: UTF8.self) == Timestamp.format(milliseconds: instant), "\(instant)")
        }
    }
}

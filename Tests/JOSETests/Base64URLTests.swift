import Testing

@testable import JOSE

@Suite struct Base64URLTests {
    @Test func rfc4648Vectors() {
        let vectors = [
            "": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func urlAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("+/8") == nil)
    }

    @Test func roundTripsEveryLength() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test func refusesPaddingAndWhitespace() {
        #expect(Base64URL.decode("Zg==") == nil)
        #expect(Base64URL.decode("Zm8=") == nil)
        #expect(Base64URL.decode("Zm 9v") == nil)
        #expect(Base64URL.decode("Zm9v\n") == nil)
    }

    @Test func refusesImpossibleLength() {
        #expect(Base64URL.decode("Z") == nil)
        #expect(Base64URL.decode("Zm9vY") == nil)
    }

    @Test func refusesNonCanonicalTrailingBits() {
        // "Zg" is the only encoding of "f"; "Zh" differs only in bits that are dropped.
        #expect(Base64URL.decode("Zh") == nil)
        #expect(Base64URL.decode("Zm9") == nil)
        #expect(Base64URL.decode("Zm8") == Array("fo".utf8))
    }

    /// The decoder reads four characters at a time; this one reads six bits at a time, the way RFC 4648 defines it.
    private static func referenceDecode(_ text: [UInt8]) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        guard text.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in text {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return accumulator == 0 ? output : nil
    }

    @Test func agreesWithTheBitwiseReferenceForEveryByteInEveryPosition() {
        // Every byte value (in and outside the alphabet) at each position of texts of 2 to 9 characters, the
        // others fixed: full quads, both tails, and each place a bad character can hide.
        let filler = Array("QUJDREVGR0hJ".utf8)
        for length in 2...9 {
            for position in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    var text = Array(filler[0..<length])
                    text[position] = byte
                    let decoded = text.withUnsafeBufferPointer { Base64URL.decode($0) }
                    #expect(decoded == Self.referenceDecode(text), "\(text) at \(position)")
                }
            }
        }
    }
}

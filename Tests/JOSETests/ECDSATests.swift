import JSON
import Testing

@testable import JOSE

/// ES256/384/512: fixed-length r‖s only, 0 < r, s < n, high s accepted, points on the curve.
@Suite struct ECDSATests {
    static let curves: [(JWSAlgorithm, Int)] = [(.es256, 32), (.es384, 48), (.es512, 66)]

    func verifier() throws -> JWTVerifier {
        try IndependentVectorTests.verifier()
    }

    func token(_ algorithm: JWSAlgorithm) throws -> String {
        try #require(IndependentVectors.tokens[algorithm.rawValue])
    }

    /// n − value for big-endian numbers of equal length.
    static func subtract(_ value: some Collection<UInt8>, from order: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: order.count)
        var borrow = 0
        for (index, subtrahend) in zip(order.indices.reversed(), value.reversed()) {
            let difference = Int(order[index]) - Int(subtrahend) - borrow
            result[index] = UInt8((difference + 256) % 256)
            borrow = difference < 0 ? 1 : 0
        }
        return result
    }

    @Test func curveTablesAreConsistent() {
        for curve in ECCurve.all {
            #expect(curve.order.count == curve.coordinateLength)
            #expect(ECCurve.forAlgorithm(curve.algorithm)?.name == curve.name)
        }
    }

    @Test(arguments: curves)
    func refusesZeroROrS(algorithm: JWSAlgorithm, length: Int) throws {
        let token = try token(algorithm)
        let signature = Fixture.signature(of: token)
        #expect(signature.count == 2 * length)
        let zeroR = [UInt8](repeating: 0, count: length) + signature[length...]
        let zeroS = Array(signature[..<length]) + [UInt8](repeating: 0, count: length)
        let zeros = [UInt8](repeating: 0, count: 2 * length)
        for forged in [zeroR, zeroS, zeros] {
            #expect(
                Fixture.failure(Fixture.replacingSignature(of: token, with: forged), verifier: try verifier())
                    == .badSignature)
        }
    }

    @Test(arguments: ECCurve.all.map(\.algorithm))
    func rangeChecksAreOurs(algorithm: JWSAlgorithm) throws {
        let curve = try #require(ECCurve.forAlgorithm(algorithm))
        let n = curve.order
        let one = [UInt8](repeating: 0, count: n.count - 1) + [1]
        let nMinusOne = Self.subtract(one, from: n)
        let all = [UInt8](repeating: 0xFF, count: n.count)
        let zero = [UInt8](repeating: 0, count: n.count)
        #expect(ECDSASignature(raw: one + one, curve: curve) != nil)
        #expect(ECDSASignature(raw: nMinusOne + nMinusOne, curve: curve) != nil)
        #expect(ECDSASignature(raw: n + one, curve: curve) == nil)
        #expect(ECDSASignature(raw: one + n, curve: curve) == nil)
        #expect(ECDSASignature(raw: all + one, curve: curve) == nil)
        #expect(ECDSASignature(raw: zero + one, curve: curve) == nil)
        #expect(ECDSASignature(raw: one + zero, curve: curve) == nil)
        #expect(ECDSASignature(raw: one + one + [0], curve: curve) == nil)
        #expect(ECDSASignature(raw: Array((one + one).dropFirst()), curve: curve) == nil)
    }

    @Test(arguments: curves)
    func refusesROrSEqualToTheOrder(algorithm: JWSAlgorithm, length: Int) throws {
        let token = try token(algorithm)
        let signature = Fixture.signature(of: token)
        let order = try #require(ECCurve.forAlgorithm(algorithm)).order
        let rIsN = order + signature[length...]
        let sIsN = Array(signature[..<length]) + order
        for forged in [rIsN, sIsN] {
            #expect(
                Fixture.failure(Fixture.replacingSignature(of: token, with: forged), verifier: try verifier())
                    == .badSignature)
        }
    }

    @Test func derEncoding() throws {
        let curve = ECCurve.p256
        // r has its top bit set (needs a 0x00 prefix), s has leading zero bytes (dropped).
        let r = [0x80] + [UInt8](repeating: 0, count: 30) + [0x01]
        let s = [UInt8](repeating: 0, count: 31) + [0x05]
        let der = try #require(ECDSASignature(raw: r + s, curve: curve)).der
        #expect(der == [0x30, 0x26, 0x02, 0x21, 0x00] + r + [0x02, 0x01, 0x05])
        // P-521: a 139-byte body needs the long length form.
        let big = [UInt8](repeating: 0, count: 1) + [UInt8](repeating: 0xFF, count: 65)
        let p521 = try #require(ECDSASignature(raw: big + big, curve: .p521)).der
        #expect(Array(p521.prefix(3)) == [0x30, 0x81, 0x88])
        #expect(p521.count == 3 + 0x88)
    }

    /// Choice: high-s signatures (s > n/2) are valid, as in RFC 7518 and OpenSSL; JOSE does not require low s.
    @Test(arguments: curves)
    func acceptsHighS(algorithm: JWSAlgorithm, length: Int) throws {
        let token = try token(algorithm)
        let signature = Fixture.signature(of: token)
        let order = try #require(ECCurve.forAlgorithm(algorithm)).order
        let flipped = Array(signature[..<length]) + Self.subtract(signature[length...], from: order)
        #expect(flipped != signature)
        let verified = try verifier().verify(Fixture.replacingSignature(of: token, with: flipped), now: Fixture.now)
        #expect(verified.subject == "user-\(algorithm.rawValue)")
    }

    @Test func refusesDEREncodedSignature() throws {
        let der = Fixture.signature(of: IndependentVectors.es256DER)
        #expect(der.first == 0x30)
        #expect(Fixture.failure(IndependentVectors.es256DER, verifier: try verifier()) == .badSignature)
    }

    @Test(arguments: curves)
    func refusesWrongLengths(algorithm: JWSAlgorithm, length: Int) throws {
        let token = try token(algorithm)
        let signature = Fixture.signature(of: token)
        for forged in [Array(signature.dropLast()), signature + [0], [0] + signature, Array(signature[..<length])] {
            #expect(
                Fixture.failure(Fixture.replacingSignature(of: token, with: forged), verifier: try verifier())
                    == .badSignature)
        }
    }

    @Test func refusesPointsOffTheCurve() throws {
        let jwk = try #require(JSONParser.parse(RFC7520.ecPublicJWK).objectValue)
        var y = try #require(Base64URL.decode(jwk["y"]!.stringValue!))
        y[y.count - 1] ^= 0x01
        var moved = jwk
        moved["y"] = .string(Base64URL.encode(y))
        let text = JSONValue.object(moved).serializedString
        #expect(Fixture.jwkFailure(text) == .invalidKey("point is not on the curve"))
    }

    @Test func refusesWrongCoordinateLengths() throws {
        let jwk = try #require(JSONParser.parse(RFC7520.ecPublicJWK).objectValue)
        let x = try #require(Base64URL.decode(jwk["x"]!.stringValue!))
        var short = jwk
        short["x"] = .string(Base64URL.encode(x.dropFirst()))
        #expect(
            Fixture.jwkFailure(JSONValue.object(short).serializedString) == .invalidKey("coordinates must be 66 bytes"))
        var p256 = jwk
        p256["crv"] = .string("P-256")
        #expect(
            Fixture.jwkFailure(JSONValue.object(p256).serializedString) == .invalidKey("coordinates must be 32 bytes"))
    }

    @Test func ecKeyAlgorithmMustFitTheCurve() throws {
        let jwk = try #require(JSONParser.parse(RFC7520.ecPublicJWK).objectValue)
        var wrong = jwk
        wrong["alg"] = .string("ES256")
        #expect(Fixture.jwkFailure(JSONValue.object(wrong).serializedString) == .inconsistentAlgorithm)
        var right = jwk
        right["alg"] = .string("ES512")
        #expect(try Fixture.keys(JSONValue.object(right).serializedString).first?.algorithm == .es512)
        var unrelated = jwk
        unrelated["alg"] = .string("ECDH-ES")
        #expect(
            Fixture.skipReason(JSONValue.object(unrelated).serializedString)
                == .unsupported("alg ECDH-ES is not a JWS signature algorithm"))
    }
}

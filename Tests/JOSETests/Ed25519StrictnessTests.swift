import JSON
import Testing

@testable import JOSE

/// Ed25519 at full strictness (RFC 8032 §5.1.7, as libsodium): keys of small order and non-canonical encodings are
/// refused at load, and signatures with S ≥ L or an R of small order are refused before OpenSSL sees them.
@Suite struct Ed25519StrictnessTests {
    /// The eight points whose order divides 8, in their canonical encodings (libsodium's blocklist).
    static let smallOrderPoints: [(order: Int, encoding: String)] = [
        (1, "0100000000000000000000000000000000000000000000000000000000000000"),
        (2, "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        (4, "0000000000000000000000000000000000000000000000000000000000000000"),
        (4, "0000000000000000000000000000000000000000000000000000000000000080"),
        (8, "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
        (8, "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
        (8, "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        (8, "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
    ]

    /// The other encodings of those points: x = 0 with its sign bit set (the identity and the point of order 2), and
    /// y = p or p + 1 (0 and 1 again), with either sign bit.
    static let smallOrderAliases: [(canonical: Bool, encoding: String)] = [
        (true, "0100000000000000000000000000000000000000000000000000000000000080"),
        (true, "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        (false, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        (false, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        (false, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        (false, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
    ]

    static let smallOrder = JWKError.invalidKey("x is a point of small order")
    static let nonCanonical = JWKError.invalidKey(
        "x is not a canonical point encoding (y is not below 2^255 - 19)")

    /// Why the key `x` (hex) is skipped at load, beside a good key.
    static func loadFailure(_ x: String) -> JWKError? {
        let encoded = Base64URL.encode(hex(x)!)
        return Fixture.skipReason(#"{"kty":"OKP","crv":"Ed25519","kid":"low","x":"\#(encoded)"}"#)
    }

    @Test func eachSmallOrderPointIsRefusedAtLoad() {
        #expect(Set(Self.smallOrderPoints.map(\.encoding)).count == 8)
        for point in Self.smallOrderPoints {
            #expect(Self.loadFailure(point.encoding) == Self.smallOrder, "order \(point.order): \(point.encoding)")
        }
        for alias in Self.smallOrderAliases {
            #expect(
                Self.loadFailure(alias.encoding) == (alias.canonical ? Self.smallOrder : Self.nonCanonical),
                "\(alias.encoding)")
        }
    }

    @Test func nonCanonicalEncodingsAreRefusedAtLoad() {
        // y = 2^255 - 1 and y = p + 2: not below p, whatever point they might name.
        #expect(Self.loadFailure(String(repeating: "ff", count: 31) + "7f") == Self.nonCanonical)
        #expect(Self.loadFailure("ef" + String(repeating: "ff", count: 30) + "7f") == Self.nonCanonical)
        // An ordinary key (RFC 8037's) loads.
        #expect(Self.loadFailure("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") == nil)
    }

    /// The forgery of issue 13: the identity as the key, R = identity and S = 0 as the signature.
    static let forgedToken =
        Fixture.encode(#"{"alg":"EdDSA","kid":"z"}"#) + "." + Fixture.encode(#"{"sub":"victim","exp":9999999999}"#)
        + "." + Base64URL.encode([1] + [UInt8](repeating: 0, count: 63))
    static let identityJWK =
        #"{"kty":"OKP","crv":"Ed25519","kid":"z","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#

    @Test func theIdentityKeyForgeryDoesNotVerify() throws {
        // Alone, the key leaves no usable key: the set is refused, naming it.
        let refused = Fixture.setFailure(#"{"keys":[\#(Self.identityJWK)]}"#)
        guard case .noUsableKey(let skipped) = refused else {
            Issue.record("the identity key was not refused: \(String(describing: refused))")
            return
        }
        #expect(skipped.map(\.kid) == ["z"])
        #expect(skipped.first?.reason == Self.smallOrder)
        // Beside a good key, it is skipped: the forged token names a kid that is not there.
        let keys = try Fixture.keys(#"{"keys":[\#(Self.identityJWK),\#(Fixture.goodJWK)]}"#)
        #expect(keys.map(\.kid) == ["good"])
        let verifier = JWTVerifier(hmacSecret: nil, keys: keys, policy: Fixture.policy)
        #expect(Fixture.error { _ = try verifier.verifySignature(Self.forgedToken) } == .unknownKey)
        // Had such a key been loaded some other way, the signature itself is refused (R is of small order).
        let identity = try #require(Ed25519Key.publicKey([1] + [UInt8](repeating: 0, count: 31)))
        let bypass = VerificationKey(kid: "z", algorithm: .edDSA, material: .publicKey(identity))
        let lenient = JWTVerifier(hmacSecret: nil, keys: [bypass], policy: Fixture.policy)
        #expect(Fixture.error { _ = try lenient.verifySignature(Self.forgedToken) } == .badSignature)
    }

    /// RFC 8037 A.4's token and its key.
    static let example = Ed25519Tests.signedExample
    static func exampleKey() throws -> VerificationKey {
        try #require(try Fixture.keys(Ed25519Tests.publicJWK).first)
    }

    static func verifies(_ signature: [UInt8]) throws -> Bool {
        let input = Array(example.split(separator: ".").prefix(2).joined(separator: ".").utf8)
        let key = try exampleKey()
        return input.withUnsafeBufferPointer { key.verify(signature, over: $0) }
    }

    @Test func signaturesWithSAtOrAboveLAreRefused() throws {
        let signature = Fixture.signature(of: Self.example)
        #expect(try Self.verifies(signature))
        // S + L: the same signature in a malleated form (S is small enough for S + L to fit in 32 bytes).
        var sum = Array(signature[32...])
        var carry = 0
        for index in 0..<32 {
            let total = Int(sum[index]) + Int(Ed25519Encoding.l[index]) + carry
            sum[index] = UInt8(total & 0xff)
            carry = total >> 8
        }
        #expect(carry == 0)
        #expect(try !Self.verifies(Array(signature[..<32]) + sum))
        #expect(try !Self.verifies(Array(signature[..<32]) + Ed25519Encoding.l))
        #expect(try !Self.verifies(Array(signature[..<32]) + [UInt8](repeating: 0xff, count: 32)))
        #expect(Ed25519Encoding.isCanonicalScalar(Ed25519Encoding.l[...]) == false)
        var belowL = Ed25519Encoding.l
        belowL[0] -= 1
        #expect(Ed25519Encoding.isCanonicalScalar(belowL[...]))
    }

    @Test func signaturesWithASmallOrderROrANonCanonicalRAreRefused() throws {
        let signature = Fixture.signature(of: Self.example)
        for point in Self.smallOrderPoints.map(\.encoding) + Self.smallOrderAliases.map(\.encoding) {
            let r = try #require(hex(point))
            #expect(Ed25519Encoding.pointProblem(r[...]) != nil, "\(point)")
            #expect(try !Self.verifies(r + signature[32...]), "\(point)")
        }
        #expect(Ed25519Encoding.pointProblem(signature[..<32]) == nil)
    }
}

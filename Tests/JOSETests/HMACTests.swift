import JSON
import Testing

@testable import JOSE

/// HS256/384/512: published vectors, tampering and round trips.
@Suite struct HMACTests {
    /// RFC 7515 Appendix A.1.
    static let rfc7515Key = Base64URL.decode(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")!
    static let rfc7515Token =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    @Test func rfc7515AppendixA1() throws {
        let verifier = JWTVerifier(
            hmacSecret: Self.rfc7515Key, policy: ClaimsPolicy(issuer: "joe", audience: nil, leewaySeconds: 0))
        let jws = try verifier.verifySignature(Self.rfc7515Token)
        #expect(jws.algorithm == .hs256)
        let claims = try JSONParser.parse(jws.payload)
        #expect(claims["iss"] == .string("joe"))
        #expect(claims["exp"] == .number(1_300_819_380))
        #expect(claims["http://example.com/is_root"] == .bool(true))
        // The vector has no `sub`: the signature and the time claims pass, the subject rule refuses it.
        #expect(Fixture.failure(Self.rfc7515Token, verifier: verifier, now: 1_300_819_000) == .invalidSubject)
        #expect(Fixture.failure(Self.rfc7515Token, verifier: verifier, now: 1_300_819_381) == .expired)
    }

    @Test func rfc7520Section4_4() throws {
        let key = Base64URL.decode("hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg")!
        let verifier = JWTVerifier(hmacSecret: key, policy: Fixture.policy)
        let jws = try verifier.verifySignature(RFC7520.hs256)
        #expect(jws.payload == RFC7520.payload)
        #expect(jws.header["kid"] == .string("018c0ae5-4d9b-471b-bfd6-eef314bc7037"))
    }

    @Test func tamperedPartsAreRefused() {
        let verifier = JWTVerifier(
            hmacSecret: Self.rfc7515Key, policy: ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 0))
        var parts = Self.rfc7515Token.split(separator: ".").map(String.init)
        let original = parts
        let check = { (token: String) in Fixture.error { _ = try verifier.verifySignature(token) } }
        #expect(check(parts.joined(separator: ".")) == nil)

        parts[1] = Fixture.encode(#"{"iss":"joe","exp":1300819380,"http://example.com/is_root":false}"#)
        #expect(check(parts.joined(separator: ".")) == .badSignature)

        parts = original
        parts[0] = Fixture.encode(#"{"typ":"JWT","alg":"HS256"}"#)
        #expect(check(parts.joined(separator: ".")) == .badSignature)

        parts = original
        var signature = Base64URL.decode(parts[2])!
        signature[5] ^= 0x01
        parts[2] = Base64URL.encode(signature)
        #expect(check(parts.joined(separator: ".")) == .badSignature)
    }

    @Test func signatureLengthMustMatch() {
        let token = Fixture.hmacToken(header: #"{"alg":"HS256"}"#, payload: #"{"sub":"u","exp":1700000900}"#)
        let parts = token.split(separator: ".").map(String.init)
        let signature = Base64URL.decode(parts[2])!
        let truncated = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature.dropLast())
        let extended = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature + [0])
        let hs512Sized = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature + signature)
        #expect(Fixture.failure(token) == nil)
        #expect(Fixture.failure(truncated) == .badSignature)
        #expect(Fixture.failure(extended) == .badSignature)
        #expect(Fixture.failure(hs512Sized) == .badSignature)
    }

    @Test(arguments: [(JWSAlgorithm.hs256, 32), (.hs384, 48), (.hs512, 64)])
    func signThenVerify(algorithm: JWSAlgorithm, signatureLength: Int) throws {
        let signer = JWTSigner.hmac(secret: Fixture.secret, algorithm: algorithm)
        let token = signer.sign(claims: Fixture.claims(["role": .string("admin")]), kid: "k1")
        let verified = try Fixture.verifier().verify(token, now: Fixture.now)
        #expect(verified.subject == "user-1")
        #expect(verified.algorithm == algorithm)
        let jws = try Fixture.verifier().verifySignature(token)
        #expect(jws.header["alg"] == .string(algorithm.rawValue))
        #expect(jws.header["kid"] == .string("k1"))
        #expect(jws.header["typ"] == .string("JWT"))
        #expect(try JSONParser.parse(jws.payload)["role"] == .string("admin"))
        #expect(Base64URL.decode(token.split(separator: ".")[2])?.count == signatureLength)

        let other = JWTVerifier(hmacSecret: Array("another secret of thirty-two b!!".utf8), policy: Fixture.policy)
        #expect(Fixture.failure(token, verifier: other) == .badSignature)
    }

    @Test func signerMatchesIndependentHMAC() {
        let token = JWTSigner.hmac(secret: Fixture.secret).sign(payload: Array("hello".utf8), header: [:])
        let parts = token.split(separator: ".").map(String.init)
        #expect(parts[0] == Fixture.encode(#"{"alg":"HS256"}"#))
        #expect(parts[1] == "aGVsbG8")
        // HMAC-SHA256 of the signing input, computed by Python's hmac module.
        #expect(parts[2] == HMACTests.expectedHelloSignature)
    }

    static let expectedHelloSignature = "ULFwLb1cD5oZqHyojAgJ2UAFzuJmtvBKEuzL1qo2dYY"
}

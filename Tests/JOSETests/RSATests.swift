import JSON
import Testing

@testable import JOSE

/// RS*/PS*: key size limits, exponent checks, signature length.
@Suite struct RSATests {
    @Test func refuses1024BitKey() {
        #expect(Fixture.jwkFailure(IndependentVectors.weakRSAJWK) == .weakKey)
        #expect(Fixture.jwkFailure(#"{"keys":[\#(IndependentVectors.weakRSAJWK)]}"#) == .weakKey)
    }

    @Test func acceptsLeadingZeroInModulus() throws {
        let modulus = Base64URL.encode([0] + Base64URL.decode(RFC7520.rsaModulus)!)
        let jwk = #"{"kty":"RSA","kid":"bilbo.baggins@hobbiton.example","n":"\#(modulus)","e":"AQAB"}"#
        let keys = try Fixture.keys(jwk)
        let verifier = JWTVerifier(hmacSecret: nil, keys: keys, policy: Fixture.policy)
        #expect(try verifier.verifySignature(RFC7520.rs256).algorithm == .rs256)
    }

    @Test func refusesOversizedModulus() {
        let modulus = Base64URL.encode([UInt8](repeating: 0xC5, count: 1025))
        #expect(
            Fixture.jwkFailure(#"{"kty":"RSA","n":"\#(modulus)","e":"AQAB"}"#) == .invalidKey("modulus is too large"))
    }

    @Test func refusesUnusableExponents() {
        for exponent in ["AQ", "AAE", "Ag", "AQAA", "", Base64URL.encode([UInt8](repeating: 1, count: 9))] {
            #expect(
                Fixture.jwkFailure(#"{"kty":"RSA","n":"\#(RFC7520.rsaModulus)","e":"\#(exponent)"}"#)
                    == .invalidKey("unusable public exponent"))
        }
    }

    @Test func signatureMustHaveTheModulusLength() throws {
        let verifier = JWTVerifier(
            hmacSecret: nil, keys: try Fixture.keys(RFC7520.rsaPublicJWK), policy: Fixture.policy)
        let signature = Fixture.signature(of: RFC7520.rs256)
        #expect(signature.count == 256)
        for forged in [[0] + signature, Array(signature.dropFirst()), signature + signature] {
            let token = Fixture.replacingSignature(of: RFC7520.rs256, with: forged)
            #expect(Fixture.error { _ = try verifier.verifySignature(token) } == .badSignature)
        }
    }

    @Test func pssSaltMustBeTheHashLength() throws {
        let verifier = try IndependentVectorTests.verifier()
        #expect(Fixture.failure(IndependentVectors.ps256LongSalt, verifier: verifier) == .badSignature)
        #expect(Fixture.failure(IndependentVectors.tokens["PS256"]!, verifier: verifier) == nil)
    }

    @Test func pkcs1SignatureIsNotAPSSSignature() throws {
        // Same modulus published as rsa-RS256 and rsa-PS256: an RS256 signature under the PS256 kid is refused.
        let verifier = try IndependentVectorTests.verifier()
        let token = try #require(IndependentVectors.tokens["RS256"])
        var parts = token.split(separator: ".").map(String.init)
        let claims = parts[1]
        parts[0] = Fixture.encode(#"{"alg":"PS256","kid":"rsa-PS256"}"#)
        #expect(Fixture.failure(parts.joined(separator: "."), verifier: verifier) == .badSignature)
        #expect(claims == token.split(separator: ".").map(String.init)[1])
    }
}

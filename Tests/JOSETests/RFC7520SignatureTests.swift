import JSON
import Testing

@testable import JOSE

/// RFC 7520 §4.1–§4.3 with the §3 keys (the payload is text, so only the signature is verified).
@Suite struct RFC7520SignatureTests {
    func verifier(_ jwk: String) throws -> JWTVerifier {
        JWTVerifier(hmacSecret: nil, keys: try Fixture.keys(jwk), policy: Fixture.policy)
    }

    /// The §3.3 key with an `alg` member added.
    func rsaJWK(alg: String) -> String {
        RFC7520.rsaPublicJWK(extra: #""alg":"\#(alg)","#)
    }

    @Test func section4_1RS256() throws {
        let jws = try verifier(RFC7520.rsaPublicJWK).verifySignature(RFC7520.rs256)
        #expect(jws.algorithm == .rs256)
        #expect(jws.payload == RFC7520.payload)
    }

    @Test func section4_1WithThePrivateKeyJWK() throws {
        // Private members are not read: the §3.4 private JWK verifies like the public one.
        let jws = try verifier(RFC7520.rsaPrivateJWK).verifySignature(RFC7520.rs256)
        #expect(jws.payload == RFC7520.payload)
    }

    @Test func section4_2PS384() throws {
        let jws = try verifier(rsaJWK(alg: "PS384")).verifySignature(RFC7520.ps384)
        #expect(jws.algorithm == .ps384)
        #expect(jws.payload == RFC7520.payload)
    }

    @Test func rsaKeyWithoutAlgVerifiesRS256Only() throws {
        let plain = try verifier(RFC7520.rsaPublicJWK)
        #expect(Fixture.error { _ = try plain.verifySignature(RFC7520.ps384) } == .algorithmNotAllowed)
        let pss = try verifier(rsaJWK(alg: "PS384"))
        #expect(Fixture.error { _ = try pss.verifySignature(RFC7520.rs256) } == .algorithmNotAllowed)
    }

    @Test func section4_3ES512() throws {
        let jws = try verifier(RFC7520.ecPublicJWK).verifySignature(RFC7520.es512)
        #expect(jws.algorithm == .es512)
        #expect(jws.payload == RFC7520.payload)
    }

    @Test func section4_4HS256FromAJWK() throws {
        let jwk =
            #"{"kty":"oct","kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037","use":"sig","alg":"HS256","#
            + #""k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#
        let verifier = JWTVerifier(
            hmacSecret: nil, keys: try Fixture.keys(jwk, allowSymmetric: true), policy: Fixture.policy)
        #expect(try verifier.verifySignature(RFC7520.hs256).payload == RFC7520.payload)
    }

    @Test func tokensAreNotJWTs() throws {
        // The RFC payload is not JSON: full JWT verification refuses it after the signature passed.
        #expect(
            Fixture.failure(RFC7520.rs256, verifier: try verifier(RFC7520.rsaPublicJWK))
                == .malformed("payload is not JSON"))
    }
}

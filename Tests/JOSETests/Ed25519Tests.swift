import JSON
import Testing

@testable import JOSE

/// EdDSA signing and verification, RFC 8037 Appendix A, key generation and public JWKs.
@Suite struct Ed25519Tests {
    /// RFC 8037 A.1 (private) and A.2 (public).
    static let privateJWK: JSONValue = .object([
        "kty": .string("OKP"), "crv": .string("Ed25519"),
        "d": .string("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"),
        "x": .string("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"),
    ])
    static let publicJWK = #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#
    /// RFC 8037 A.4.
    static let signedExample =
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
        + ".hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"

    @Test func rfc8037A4Signing() throws {
        let signer = try JWTSigner.ed25519(privateJWK: Self.privateJWK)
        #expect(signer.sign(payload: Array("Example of Ed25519 signing".utf8), header: [:]) == Self.signedExample)
    }

    @Test func rfc8037A5Verification() throws {
        let verifier = JWTVerifier(hmacSecret: nil, keys: try Fixture.keys(Self.publicJWK), policy: Fixture.policy)
        let jws = try verifier.verifySignature(Self.signedExample)
        #expect(jws.algorithm == .edDSA)
        #expect(jws.payload == Array("Example of Ed25519 signing".utf8))
        var signature = Fixture.signature(of: Self.signedExample)
        signature[0] ^= 1
        let forged = Fixture.replacingSignature(of: Self.signedExample, with: signature)
        #expect(Fixture.error { _ = try verifier.verifySignature(forged) } == .badSignature)
        let short = Fixture.replacingSignature(of: Self.signedExample, with: Array(signature.dropLast()))
        #expect(Fixture.error { _ = try verifier.verifySignature(short) } == .badSignature)
    }

    @Test func acceptsTheFullySpecifiedAlgorithmName() throws {
        // RFC 9864 names EdDSA over Ed25519 "Ed25519"; sign such a header with the internal primitive.
        let signer = try JWTSigner.ed25519(privateJWK: Self.privateJWK)
        guard case .privateKey(let key) = signer.material else {
            Issue.record("not an EdDSA signer")
            return
        }
        let input = Fixture.encode(#"{"alg":"Ed25519"}"#) + "." + Fixture.encode(#"{"sub":"u","exp":1700000900}"#)
        let signature = try #require(Array(input.utf8).withUnsafeBufferPointer { EdDSA.sign($0, key: key) })
        let token = input + "." + Base64URL.encode(signature)
        let verifier = JWTVerifier(hmacSecret: nil, keys: try Fixture.keys(Self.publicJWK), policy: Fixture.policy)
        #expect(try verifier.verify(token, now: Fixture.now).subject == "u")
    }

    @Test func generatedKeySignsVerifiableTokens() throws {
        let privateJWK = Ed25519KeyPair.generate(kid: "2024-01")
        #expect(privateJWK["kty"] == .string("OKP"))
        #expect(privateJWK["alg"] == .string("EdDSA"))
        #expect(privateJWK["use"] == .string("sig"))
        #expect(Base64URL.decode(privateJWK["d"]?.stringValue ?? "")?.count == 32)
        let signer = try JWTSigner.ed25519(privateJWK: privateJWK)
        #expect(signer.kid == "2024-01")
        let publicJWK = try #require(signer.publicJWK)
        #expect(publicJWK["d"] == nil)
        #expect(publicJWK["x"] == privateJWK["x"])
        #expect(publicJWK["kid"] == .string("2024-01"))
        let set = JSONValue.object(["keys": .array([publicJWK])])
        let verifier = JWTVerifier(hmacSecret: nil, keys: try JWKSet.parse(document: set).keys, policy: Fixture.policy)
        let token = signer.sign(claims: Fixture.claims())
        let verified = try verifier.verify(token, now: Fixture.now)
        #expect(try verifier.verifySignature(token).header["kid"] == .string("2024-01"))
        #expect(verified.algorithm == .edDSA)
        #expect(verified.subject == "user-1")
        // Another generated key does not verify it.
        let other = try JWTSigner.ed25519(privateJWK: Ed25519KeyPair.generate(kid: "2024-01"))
        let otherVerifier = JWTVerifier(
            hmacSecret: nil, keys: try JWKSet.parse(document: other.publicJWK!).keys, policy: Fixture.policy)
        #expect(Fixture.failure(token, verifier: otherVerifier) == .badSignature)
    }

    @Test func refusesBadPrivateJWKs() {
        func failure(_ jwk: JSONValue) -> JWKError? {
            do {
                _ = try JWTSigner.ed25519(privateJWK: jwk)
                return nil
            } catch {
                return error
            }
        }
        var members = Self.privateJWK.objectValue!
        members["x"] = .string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        #expect(failure(.object(members)) == .invalidKey("x does not match d"))
        members["x"] = nil
        #expect(failure(.object(members)) == nil)
        members["d"] = nil
        #expect(failure(.object(members)) == .unsupported("not a private key"))
        members["d"] = .string("AAAA")
        #expect(failure(.object(members)) == .invalidKey("d must be 32 bytes"))
        members["d"] = Self.privateJWK["d"]
        members["alg"] = .string("ES256")
        #expect(failure(.object(members)) == .inconsistentAlgorithm)
        members["alg"] = nil
        members["crv"] = .string("X25519")
        #expect(failure(.object(members)) == .unsupported("not an Ed25519 key"))
        #expect(failure(.string("key")) == .malformed("not a JSON object"))
    }
}

import JSON
import Testing

@testable import JOSE

/// The algorithm comes from the key (RFC 8725): selection by kid, by algorithm without kid, and key confusion.
@Suite struct KeySelectionTests {
    let policy = IndependentVectorTests.policy
    let now = IndependentVectors.now

    func verifier(hmacSecret: [UInt8]? = nil) throws -> JWTVerifier {
        JWTVerifier(hmacSecret: hmacSecret, keys: try Fixture.keys(IndependentVectors.jwks), policy: policy)
    }

    /// `token` with its header replaced (signature kept).
    func reheader(_ token: String, _ header: String) -> String {
        let parts = token.split(separator: ".")
        return Fixture.encode(header) + "." + parts[1] + "." + parts[2]
    }

    @Test func unknownKidIsReported() throws {
        let token = try #require(IndependentVectors.tokens["EdDSA"])
        #expect(
            Fixture.failure(reheader(token, #"{"alg":"EdDSA","kid":"ed-9"}"#), verifier: try verifier(), now: now)
                == .unknownKey)
    }

    @Test func kidMustNameAKeyOfTheTokensAlgorithm() throws {
        let token = try #require(IndependentVectors.tokens["ES256"])
        // The ES256 signature presented under the kid of the Ed25519 key, claiming EdDSA or ES256.
        #expect(
            Fixture.failure(reheader(token, #"{"alg":"ES256","kid":"ed-1"}"#), verifier: try verifier(), now: now)
                == .algorithmNotAllowed)
        #expect(
            Fixture.failure(reheader(token, #"{"alg":"EdDSA","kid":"p256"}"#), verifier: try verifier(), now: now)
                == .algorithmNotAllowed)
        #expect(
            Fixture.failure(reheader(token, #"{"alg":"ES384","kid":"p256"}"#), verifier: try verifier(), now: now)
                == .algorithmNotAllowed)
    }

    @Test func withoutKidOnlyKeysOfTheAlgorithmAreTried() throws {
        // Signed by ed-2 (the second EdDSA key) without kid: found by trying every EdDSA key.
        let token = try #require(IndependentVectors.tokensWithoutKid["EdDSA"])
        #expect(try verifier().verify(token, now: now).subject == "user-EdDSA-nokid")
        // With only other algorithms configured there is nothing to try.
        let rsaOnly = JWTVerifier(hmacSecret: nil, keys: try Fixture.keys(RFC7520.rsaPublicJWK), policy: policy)
        #expect(Fixture.failure(token, verifier: rsaOnly, now: now) == .algorithmNotAllowed)
    }

    @Test func onlyTheNamedKeyIsTried() throws {
        let first = try JWTSigner.ed25519(privateJWK: Ed25519KeyPair.generate(kid: "a"))
        let second = try JWTSigner.ed25519(privateJWK: Ed25519KeyPair.generate(kid: "b"))
        let set = JSONValue.object(["keys": .array([first.publicJWK!, second.publicJWK!])])
        let verifier = JWTVerifier(hmacSecret: nil, keys: try JWKSet.parse(document: set).keys, policy: Fixture.policy)
        let claims = Fixture.claims()
        #expect(Fixture.failure(second.sign(claims: claims), verifier: verifier) == nil)
        #expect(Fixture.failure(second.sign(claims: claims, kid: "a"), verifier: verifier) == .badSignature)
        let unnamed = second.sign(payload: JSONValue.object(claims).serialized, header: [:])
        #expect(Fixture.failure(unnamed, verifier: verifier) == nil)
    }

    @Test func publicKeyIsNeverAnHMACSecret() throws {
        // The classic confusion: HS256 over the token with the public key bytes (or its JWK text) as the secret.
        let keys = try #require(JSONParser.parse(Array(IndependentVectors.jwks.utf8))["keys"]?.arrayValue)
        let ed = try #require(keys.first)
        let rsa = try #require(keys.first { $0["kid"] == .string("rsa-RS256") })
        let payload = #"{"sub":"admin","exp":1700000900,"iss":"https://app.example","aud":"https://app.example"}"#
        let secrets: [[UInt8]] = [
            Base64URL.decode(ed["x"]!.stringValue!)!, Array(JSONValue.object(ed.objectValue!).serialized),
            Base64URL.decode(rsa["n"]!.stringValue!)!, Array(IndependentVectors.jwks.utf8),
        ]
        for secret in secrets {
            for header in [
                #"{"alg":"HS256"}"#, #"{"alg":"HS256","kid":"ed-1"}"#, #"{"alg":"HS256","kid":"rsa-RS256"}"#,
            ] {
                let token = Fixture.hmacToken(header: header, payload: payload, secret: secret)
                #expect(Fixture.failure(token, verifier: try verifier(), now: now) == .algorithmNotAllowed)
            }
        }
    }

    @Test func hmacSecretNeverVerifiesAsymmetricTokens() throws {
        // With both a secret and keys, an RS256 token is only checked with the RS256 key.
        let secret = Fixture.secret
        let forged = Fixture.hmacToken(
            header: #"{"alg":"RS256","kid":"rsa-RS256"}"#, payload: #"{"sub":"admin","exp":1700000900}"#,
            secret: secret)
        #expect(Fixture.failure(forged, verifier: try verifier(hmacSecret: secret), now: now) == .badSignature)
        let noKid = Fixture.hmacToken(
            header: #"{"alg":"EdDSA"}"#, payload: #"{"sub":"a","exp":1700000900}"#, secret: secret)
        #expect(Fixture.failure(noKid, verifier: try verifier(hmacSecret: secret), now: now) == .badSignature)
        // And the secret still verifies HMAC tokens next to the keys.
        let hmac = JWTSigner.hmac(secret: secret).sign(
            claims: [
                "sub": .string("u"), "exp": .number(now + 60), "iss": .string(policy.issuer!),
                "aud": .string(policy.audience!),
            ])
        #expect(try verifier(hmacSecret: secret).verify(hmac, now: now).subject == "u")
    }

    @Test func keyRingCanBeReplaced() throws {
        let ring = KeyRing()
        let verifier = JWTVerifier(hmacSecret: nil, keyRing: ring, policy: policy)
        let token = try #require(IndependentVectors.tokens["EdDSA"])
        #expect(Fixture.failure(token, verifier: verifier, now: now) == .unknownKey)
        ring.replace(with: try Fixture.keys(IndependentVectors.jwks))
        #expect(Fixture.failure(token, verifier: verifier, now: now) == nil)
        ring.replace(with: [])
        #expect(Fixture.failure(token, verifier: verifier, now: now) == .unknownKey)
    }

    @Test func symmetricJWKSKeysFollowKidRules() throws {
        let jwk = #"{"kty":"oct","kid":"s1","alg":"HS256","k":"\#(Base64URL.encode(Fixture.secret))"}"#
        let verifier = JWTVerifier(
            hmacSecret: nil, keys: try Fixture.keys(jwk, allowSymmetric: true), policy: Fixture.policy)
        let signer = JWTSigner.hmac(secret: Fixture.secret)
        #expect(Fixture.failure(signer.sign(claims: Fixture.claims(), kid: "s1"), verifier: verifier) == nil)
        #expect(Fixture.failure(signer.sign(claims: Fixture.claims()), verifier: verifier) == nil)
        #expect(Fixture.failure(signer.sign(claims: Fixture.claims(), kid: "s2"), verifier: verifier) == .unknownKey)
        let hs384 = JWTSigner.hmac(secret: Fixture.secret, algorithm: .hs384)
        #expect(
            Fixture.failure(hs384.sign(claims: Fixture.claims(), kid: "s1"), verifier: verifier) == .algorithmNotAllowed
        )
    }

    /// An allowed symmetric JWKS key named by a token's kid verifies it even when a secret is configured; the
    /// secret keeps answering for HMAC tokens without such a kid.
    @Test func kidNamingAnAllowedSymmetricKeyBeatsTheSecret() throws {
        let octSecret = Array("an-oct-key-from-the-jwks-0123456789abcdef".utf8)
        let secret = Array("the-configured-better-auth-secret-0123456789".utf8)
        let set = JSONValue.object([
            "keys": .array([
                .object([
                    "kty": .string("oct"), "kid": .string("shared"), "alg": .string("HS256"),
                    "k": .string(Base64URL.encode(octSecret)),
                ])
            ])
        ])
        let verifier = JWTVerifier(
            hmacSecret: secret, keys: try JWKSet.parse(document: set, allowSymmetric: true).keys, policy: Fixture.policy
        )
        let claims = Fixture.claims()
        #expect(
            Fixture.failure(JWTSigner.hmac(secret: octSecret).sign(claims: claims, kid: "shared"), verifier: verifier)
                == nil)
        #expect(Fixture.failure(JWTSigner.hmac(secret: secret).sign(claims: claims), verifier: verifier) == nil)
        #expect(
            Fixture.failure(JWTSigner.hmac(secret: secret).sign(claims: claims, kid: "shared"), verifier: verifier)
                == .badSignature)
        #expect(
            Fixture.failure(JWTSigner.hmac(secret: octSecret).sign(claims: claims), verifier: verifier) == .badSignature
        )
    }
}

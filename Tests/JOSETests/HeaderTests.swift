import JSON
import Testing

@testable import JOSE

/// `alg`, `crit`, `kid` and the headers that must never be followed.
@Suite struct HeaderTests {
    let payload = #"{"sub":"user-1","exp":1700000900}"#

    @Test(arguments: [
        (#"{"typ":"JWT"}"#, "missing alg"), (#"{"alg":256}"#, "alg is not a string"),
        (#"{"alg":["HS256"]}"#, "alg is not a string"),
    ])
    func refusesMissingOrNonStringAlg(header: String, reason: String) {
        #expect(Fixture.failure(Fixture.hmacToken(header: header, payload: payload)) == .malformed(reason))
    }

    @Test func refusesAlgNoneInAnyCase() {
        for name in ["none", "None", "NONE", "nOnE"] {
            let unsigned = Fixture.encode(#"{"alg":"\#(name)"}"#) + "." + Fixture.encode(payload) + "."
            #expect(Fixture.failure(unsigned) == .malformed("empty signature"))
            // Even with a signature, and one that the secret would accept, `none` is refused.
            let signed = Fixture.hmacToken(header: #"{"alg":"\#(name)"}"#, payload: payload)
            #expect(Fixture.failure(signed) == .unsecured)
        }
    }

    @Test func refusesUnknownAlgorithms() {
        let token = Fixture.hmacToken(header: #"{"alg":"HS1"}"#, payload: payload)
        #expect(Fixture.failure(token) == .unsupportedAlgorithm("HS1"))
        let lower = Fixture.hmacToken(header: #"{"alg":"hs256"}"#, payload: payload)
        #expect(Fixture.failure(lower) == .unsupportedAlgorithm("hs256"))
        let long = String(repeating: "X", count: 100)
        #expect(
            Fixture.failure(Fixture.hmacToken(header: #"{"alg":"\#(long)"}"#, payload: payload))
                == .unsupportedAlgorithm(String(repeating: "X", count: 32)))
    }

    @Test func refusesAlgorithmSwappedToHS384() {
        let token = Fixture.hmacToken(header: #"{"alg":"HS256"}"#, payload: payload)
        let parts = token.split(separator: ".").map(String.init)
        let swapped = Fixture.encode(#"{"alg":"HS384"}"#) + "." + parts[1] + "." + parts[2]
        #expect(Fixture.failure(token) == nil)
        #expect(Fixture.failure(swapped) == .badSignature)
    }

    @Test func refusesAnyCrit() {
        let headers = [
            #"{"alg":"HS256","crit":["exp"],"exp":1}"#,
            #"{"alg":"HS256","crit":[]}"#,
            #"{"alg":"HS256","crit":"b64"}"#,
            #"{"alg":"HS256","crit":null}"#,
            #"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
        ]
        for header in headers {
            #expect(Fixture.failure(Fixture.hmacToken(header: header, payload: payload)) == .unsupportedCritical)
        }
    }

    @Test func refusesNonStringKid() {
        let token = Fixture.hmacToken(header: #"{"alg":"HS256","kid":7}"#, payload: payload)
        #expect(Fixture.failure(token) == .malformed("kid is not a string"))
    }

    @Test func neverFollowsKeyHeaders() {
        // The token carries its own key; it signs with that key. The configured secret decides: refused.
        let attackerSecret = Array("attacker-chosen secret, 32 bytes".utf8)
        let embedded = Base64URL.encode(attackerSecret)
        let header =
            #"{"alg":"HS256","jwk":{"kty":"oct","k":"\#(embedded)"},"jku":"https://evil.example/jwks","#
            + #""x5u":"https://evil.example/cert","x5c":["MIIB"]}"#
        let forged = Fixture.hmacToken(header: header, payload: payload, secret: attackerSecret)
        #expect(Fixture.failure(forged) == .badSignature)
        // The same headers on a token signed with the configured secret are simply ignored.
        let genuine = Fixture.hmacToken(header: header, payload: payload)
        #expect(Fixture.failure(genuine) == nil)
    }

    @Test func hmacNeedsAConfiguredSecret() {
        let token = Fixture.hmacToken(header: #"{"alg":"HS256"}"#, payload: payload)
        let noSecret = JWTVerifier(hmacSecret: nil, policy: Fixture.policy)
        #expect(Fixture.failure(token, verifier: noSecret) == .algorithmNotAllowed)
        let emptySecret = JWTVerifier(hmacSecret: [], policy: Fixture.policy)
        #expect(Fixture.failure(token, verifier: emptySecret) == .algorithmNotAllowed)
        let withKid = Fixture.hmacToken(header: #"{"alg":"HS256","kid":"k1"}"#, payload: payload)
        #expect(Fixture.failure(withKid, verifier: noSecret) == .algorithmNotAllowed)
    }

    @Test func hmacTokenWithKidUsesTheSecret() {
        let token = JWTSigner.hmac(secret: Fixture.secret).sign(claims: Fixture.claims(), kid: "any")
        #expect(Fixture.failure(token) == nil)
    }

    @Test func asymmetricAlgWithOnlyASecretIsNotAllowed() {
        // An HMAC over the token made with the secret must not pass as an RS256 or EdDSA signature.
        for alg in ["RS256", "ES256", "EdDSA", "PS256"] {
            let token = Fixture.hmacToken(header: #"{"alg":"\#(alg)"}"#, payload: payload)
            #expect(Fixture.failure(token) == .algorithmNotAllowed)
        }
    }
}

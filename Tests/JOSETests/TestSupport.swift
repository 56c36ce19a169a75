import JSON
import Testing

@testable import JOSE

/// Shared fixtures: a 32-byte secret, a fixed clock and helpers that build tokens byte by byte.
enum Fixture {
    static let secret = Array("0123456789abcdef0123456789abcdef".utf8)
    static let now: Double = 1_700_000_000
    static let policy = ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 30)

    static func verifier(policy: ClaimsPolicy = policy) -> JWTVerifier {
        JWTVerifier(hmacSecret: secret, policy: policy)
    }

    /// Claims that pass the default policy at `now`.
    static func claims(_ extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var claims: [String: JSONValue] = ["sub": .string("user-1"), "exp": .number(now + 900)]
        claims.merge(extra) { _, new in new }
        return claims
    }

    static func encode(_ text: String) -> String {
        Base64URL.encode(Array(text.utf8))
    }

    /// `header.payload` (both raw JSON text, base64url-encoded here) with an HMAC signature under `secret`.
    static func hmacToken(
        header: String, payload: String, algorithm: JWSAlgorithm = .hs256, secret: [UInt8] = secret
    ) -> String {
        let input = encode(header) + "." + encode(payload)
        return input + "." + Base64URL.encode(hmac(input, algorithm: algorithm, secret: secret))
    }

    static func hmac(_ input: String, algorithm: JWSAlgorithm = .hs256, secret: [UInt8] = secret) -> [UInt8] {
        Array(input.utf8).withUnsafeBufferPointer { HMACKey(secret: secret).authenticate($0, algorithm: algorithm)! }
    }

    /// The error `body` throws, or nil.
    static func error(_ body: () throws -> Void) -> JWTError? {
        do {
            try body()
            return nil
        } catch let error as JWTError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// The error verifying `token` with `verifier` at `now`, or nil when it verifies.
    static func failure(_ token: String, verifier: JWTVerifier = verifier(), now: Double = now) -> JWTError? {
        error { _ = try verifier.verify(token, now: now) }
    }
}

extension Fixture {
    /// Keys from a JWK Set or single JWK given as JSON text.
    static func keys(_ json: String, allowSymmetric: Bool = false) throws -> [VerificationKey] {
        try JWKSet.parse(Array(json.utf8), allowSymmetric: allowSymmetric).keys
    }

    /// A usable Ed25519 key (RFC 8037's) named `good`, to set beside a member under test.
    static let goodJWK =
        #"{"kty":"OKP","crv":"Ed25519","kid":"good","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#

    /// Why `jwk` is skipped when it stands in a set beside a good key (which must still serve), or nil when it is
    /// usable.
    static func skipReason(_ jwk: String, allowSymmetric: Bool = false) -> JWKError? {
        do {
            let contents = try JWKSet.parse(
                Array(#"{"keys":[\#(jwk),\#(goodJWK)]}"#.utf8), allowSymmetric: allowSymmetric)
            #expect(contents.keys.last?.kid == "good")
            #expect(contents.skipped.count == 2 - contents.keys.count)
            return contents.skipped.first?.reason
        } catch {
            Issue.record("the set with a good key was refused: \(error.reason)")
            return error
        }
    }

    /// The error parsing `json` as a JWK Set, or nil.
    static func setFailure(_ json: String, allowSymmetric: Bool = false) -> JWKError? {
        do {
            _ = try JWKSet.parse(Array(json.utf8), allowSymmetric: allowSymmetric)
            return nil
        } catch {
            return error
        }
    }

    /// The error parsing `json` as a JWK Set, or nil; for a document of one unusable key, that key's own reason.
    static func jwkFailure(_ json: String, allowSymmetric: Bool = false) -> JWKError? {
        let failure = setFailure(json, allowSymmetric: allowSymmetric)
        guard case .noUsableKey(let skipped)? = failure, skipped.count == 1 else { return failure }
        return skipped[0].reason
    }

    /// `token` with its signature replaced by `signature`.
    static func replacingSignature(of token: String, with signature: [UInt8]) -> String {
        let parts = token.split(separator: ".")
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)
    }

    static func signature(of token: String) -> [UInt8] {
        Base64URL.decode(token.split(separator: ".")[2])!
    }
}

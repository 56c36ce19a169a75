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
        try JWKSet.parse(Array(json.utf8), allowSymmetric: allowSymmetric)
    }

    /// The error parsing `json` as a JWK Set, or nil.
    static func jwkFailure(_ json: String, allowSymmetric: Bool = false) -> JWKError? {
        do {
            _ = try JWKSet.parse(Array(json.utf8), allowSymmetric: allowSymmetric)
            return nil
        } catch {
            return error
        }
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

import FastCGI
import Foundation
import HTTPFetch
import JOSE
import TodoAPI

/// Where the verification keys come from: BETTER_AUTH_SECRET (HMAC), JWKS_FILE and JWKS_URL.
enum KeySources {
    /// Keys read from a JWK Set (or single JWK) file; the start fails with a clear message if unusable.
    static func fileKeys(_ path: String, allowSymmetric: Bool) throws -> [VerificationKey] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeySourceProblem(description: "cannot read JWKS_FILE \(path)")
        }
        do {
            return try JWKSet.parse(Array(data), allowSymmetric: allowSymmetric)
        } catch {
            throw KeySourceProblem(description: "JWKS_FILE \(path) is not a usable JWK Set: \(error.reason)")
        }
    }

    /// Fetches JWKS_URL; nil (and a log line) when the issuer cannot be reached or answers nonsense.
    static func urlKeys(_ url: String, allowSymmetric: Bool) -> [VerificationKey]? {
        do {
            let (status, body) = try HTTPFetch.get(url, timeoutSeconds: 5, maxBodyBytes: 1 << 20)
            guard status == 200 else {
                RequestLog.write("jwks: \(url) answered HTTP \(status); keeping the previous keys")
                return nil
            }
            let keys = try JWKSet.parse(body, allowSymmetric: allowSymmetric)
            RequestLog.write("jwks: loaded \(keys.count) key(s) from \(url)")
            return keys
        } catch let error as JWKError {
            RequestLog.write("jwks: \(url) is not a usable JWK Set (\(error.reason)); keeping the previous keys")
        } catch {
            RequestLog.write("jwks: cannot fetch \(url) (\(error)); keeping the previous keys")
        }
        return nil
    }

    /// The verifier for `configuration` and, with JWKS_URL, the refresher that refetches on unknown kids.
    static func verifier(
        _ configuration: Configuration, jwksFileOverride: String? = nil, extraKeys: [VerificationKey] = [],
        now: Double
    ) throws -> (verifier: JWTVerifier, refresher: KeyRefresher?) {
        let allowSymmetric = configuration.jwksAllowSymmetric
        var fixed = extraKeys
        if let path = jwksFileOverride ?? configuration.jwksFile {
            fixed += try fileKeys(path, allowSymmetric: allowSymmetric)
        }
        let keyRing = KeyRing(fixed)
        let policy = ClaimsPolicy(
            issuer: configuration.issuer, audience: configuration.audience,
            leewaySeconds: configuration.leewaySeconds)
        let verifier = JWTVerifier(
            hmacSecret: configuration.secret.isEmpty ? nil : configuration.secret, keyRing: keyRing, policy: policy)
        guard jwksFileOverride == nil, let url = configuration.jwksURL else { return (verifier, nil) }
        let refresher = KeyRefresher(
            keyRing: keyRing, fixedKeys: fixed, minimumInterval: Double(configuration.jwksRefreshSeconds),
            fetch: { urlKeys(url, allowSymmetric: allowSymmetric) })
        refresher.refreshIfDue(now: now)
        return (verifier, refresher)
    }
}

/// A key source that cannot be used, phrased for the operator.
struct KeySourceProblem: Error, CustomStringConvertible {
    let description: String
}

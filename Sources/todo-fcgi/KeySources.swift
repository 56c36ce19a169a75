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

    /// Fetches JWKS_URL once (5 s, 1 MiB); `.failed` (and a log line) when the issuer cannot be reached or answers
    /// nonsense.
    static func urlKeys(_ url: String, allowSymmetric: Bool) -> KeyFetch {
        do {
            let document = try HTTPFetch.document(url, timeoutSeconds: 5, maxBodyBytes: 1 << 20)
            guard document.status == 200 else {
                RequestLog.write("jwks: \(url) answered HTTP \(document.status); keeping the previous keys")
                return .failed
            }
            let keys = try JWKSet.parse(document.body, allowSymmetric: allowSymmetric)
            return .fetched(keys: keys, document: document.body, maxAgeSeconds: document.maxAgeSeconds)
        } catch let error as JWKError {
            RequestLog.write("jwks: \(url) is not a usable JWK Set (\(error.reason)); keeping the previous keys")
        } catch {
            RequestLog.write("jwks: cannot fetch \(url) (\(error)); keeping the previous keys")
        }
        return .failed
    }

    /// JWKS_URL as `serve` accepts it: https, or http only to this host (the keys decide who is authenticated).
    static func checkedURL(_ url: String) throws -> String {
        if let host = HTTPFetch.plainHTTPHost(url), !HTTPFetch.isLoopbackHost(host) {
            throw KeySourceProblem(
                description: "JWKS_URL \(url) is plain http:// to \(host), which is not this host: anyone on the way "
                    + "could swap the keys. Use https:// (http:// is accepted only for localhost, 127.0.0.0/8 "
                    + "and ::1)")
        }
        return url
    }

    /// The verifier for `configuration` and, with JWKS_URL, the refresher that keeps its keys current: the set is
    /// fetched once here, then (with `refreshInBackground`, as `serve` does) on a thread of its own.
    static func verifier(
        _ configuration: Configuration, jwksFileOverride: String? = nil, extraKeys: [VerificationKey] = [],
        refreshInBackground: Bool = false
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
        guard jwksFileOverride == nil, let url = try configuration.jwksURL.map(checkedURL) else {
            return (verifier, nil)
        }
        let schedule = RefreshSchedule(
            floor: Double(configuration.jwksRefreshSeconds), maximumAge: Double(configuration.jwksMaxAgeSeconds))
        let refresher = KeyRefresher(
            keyRing: keyRing, fixedKeys: fixed, schedule: schedule,
            fetch: { urlKeys(url, allowSymmetric: allowSymmetric) },
            installedKeys: { RequestLog.write("jwks: loaded \($0) key(s) from \(url)") })
        refresher.fetchNow()
        if refreshInBackground { _ = WorkerThread.start { refresher.run() } }
        return (verifier, refresher)
    }
}

extension KeySources {
    /// The warning `serve` logs and `doctor` reports when keys come from a JWKS but no audience is required: an
    /// issuer's key set signs the tokens of all its applications, and each of them would be accepted here.
    static func audienceWarning(_ configuration: Configuration) -> String? {
        guard configuration.audience == nil, configuration.jwksFile != nil || configuration.jwksURL != nil else {
            return nil
        }
        return "keys come from a JWKS but JWT_AUDIENCE is not set: a token the same issuer signed for any other "
            + "application is accepted too"
    }
}

/// A key source that cannot be used, phrased for the operator.
struct KeySourceProblem: Error, CustomStringConvertible {
    let description: String
}

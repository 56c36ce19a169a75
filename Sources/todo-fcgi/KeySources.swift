import FastCGI
import Foundation
import HTTPFetch
import JOSE
import TodoAPI

/// Where the verification keys come from: BETTER_AUTH_SECRET (HMAC), JWKS_FILE and JWKS_URL.
enum KeySources {
    /// The verifier, the refresher (with JWKS_URL) and what JWKS_FILE skipped.
    struct Setup {
        let verifier: JWTVerifier
        let refresher: KeyRefresher?
        /// The members JWKS_FILE skipped (all of them when `tolerateUnusableFile` let an unusable file through).
        let fileSkipped: [SkippedKey]
        /// `JWKS_FILE path`, when a file was read.
        let fileSource: String?

        /// One line per member JWKS_FILE skipped (`JWKS_FILE path: skipped kid "z" (OKP): reason`); never key
        /// material.
        var fileSkippedLines: [String] {
            fileSource.map { KeySources.skippedLines(fileSkipped, source: $0) } ?? []
        }
    }

    /// A JWK Set (or single JWK) file read key by key; the start fails with a clear message if no key is usable.
    static func fileKeys(_ path: String, allowSymmetric: Bool) throws -> JWKSetContents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeySourceProblem(description: "cannot read JWKS_FILE \(path)")
        }
        do {
            return try JWKSet.parse(Array(data), allowSymmetric: allowSymmetric)
        } catch {
            throw KeySourceProblem(
                description: "JWKS_FILE \(path) is not a usable JWK Set: \(error.reason)", reason: error)
        }
    }

    /// Fetches JWKS_URL; nil (and a log line) when the issuer cannot be reached or answers nonsense. Every member the
    /// set skips is logged at each load.
    static func urlKeys(_ url: String, allowSymmetric: Bool) -> JWKSetContents? {
        do {
            let (status, body) = try HTTPFetch.get(url, timeoutSeconds: 5, maxBodyBytes: 1 << 20)
            guard status == 200 else {
                RequestLog.write("jwks: \(url) answered HTTP \(status); keeping the previous keys")
                return nil
            }
            let contents = try JWKSet.parse(body, allowSymmetric: allowSymmetric)
            RequestLog.write(
                "jwks: loaded \(contents.keys.count) key(s) from \(url)"
                    + (contents.skipped.isEmpty ? "" : ", skipped \(contents.skipped.count)"))
            for line in skippedLines(contents.skipped, source: "JWKS_URL \(url)") { RequestLog.write("jwks: \(line)") }
            return contents
        } catch let error as JWKError {
            RequestLog.write("jwks: \(url) is not a usable JWK Set (\(error.reason)); keeping the previous keys")
        } catch {
            RequestLog.write("jwks: cannot fetch \(url) (\(error)); keeping the previous keys")
        }
        return nil
    }

    /// `source: skipped kid "z" (OKP, EdDSA): reason`, one line per skipped member.
    static func skippedLines(_ skipped: [SkippedKey], source: String) -> [String] {
        skipped.map { "\(source): skipped \($0)" }
    }

    /// The verifier for `configuration` and, with JWKS_URL, the refresher that refetches on unknown kids.
    ///
    /// - Parameter tolerateUnusableFile: a JWKS_FILE without a usable key is reported in `fileSkipped` instead of
    ///   thrown (for `token verify`, which explains a refusal rather than serving).
    static func verifier(
        _ configuration: Configuration, jwksFileOverride: String? = nil, extraKeys: [VerificationKey] = [],
        now: Double, tolerateUnusableFile: Bool = false
    ) throws -> Setup {
        let allowSymmetric = configuration.jwksAllowSymmetric
        var fixed = extraKeys
        var fileSkipped: [SkippedKey] = []
        let path = jwksFileOverride ?? configuration.jwksFile
        if let path {
            do {
                let contents = try fileKeys(path, allowSymmetric: allowSymmetric)
                fixed += contents.keys
                fileSkipped = contents.skipped
            } catch let problem as KeySourceProblem {
                guard tolerateUnusableFile, let skipped = problem.everyKeySkipped else { throw problem }
                fileSkipped = skipped
            }
        }
        let fileSource = path.map { "JWKS_FILE \($0)" }
        let keyRing = KeyRing(fixed)
        let policy = ClaimsPolicy(
            issuer: configuration.issuer, audience: configuration.audience,
            leewaySeconds: configuration.leewaySeconds)
        let verifier = JWTVerifier(
            hmacSecret: configuration.secret.isEmpty ? nil : configuration.secret, keyRing: keyRing, policy: policy)
        guard jwksFileOverride == nil, let url = configuration.jwksURL else {
            return Setup(verifier: verifier, refresher: nil, fileSkipped: fileSkipped, fileSource: fileSource)
        }
        let refresher = KeyRefresher(
            keyRing: keyRing, fixedKeys: fixed, minimumInterval: Double(configuration.jwksRefreshSeconds),
            fetch: { urlKeys(url, allowSymmetric: allowSymmetric) })
        refresher.refreshIfDue(now: now)
        return Setup(verifier: verifier, refresher: refresher, fileSkipped: fileSkipped, fileSource: fileSource)
    }
}

/// A key source that cannot be used, phrased for the operator.
struct KeySourceProblem: Error, CustomStringConvertible {
    let description: String
    /// The key set's own error, when the source was read but its keys are unusable.
    var reason: JWKError?

    /// The skipped members, when the source was read but none of its keys is usable.
    var everyKeySkipped: [SkippedKey]? {
        guard case .noUsableKey(let skipped)? = reason else { return nil }
        return skipped
    }
}

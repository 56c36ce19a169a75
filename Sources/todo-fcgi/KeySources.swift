import FastCGI
import Glibc
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
        guard let data = SystemFiles.read(path) else {
            throw KeySourceProblem(description: "cannot read JWKS_FILE \(path)")
        }
        do {
            return try JWKSet.parse(data, allowSymmetric: allowSymmetric)
        } catch {
            throw KeySourceProblem(
                description: "JWKS_FILE \(path) is not a usable JWK Set: \(error.reason)", reason: error)
        }
    }

    /// Fetches JWKS_URL once (5 s, 1 MiB); `.failed` (and a log line) when the issuer cannot be reached or answers
    /// nonsense. The members the set skips travel with the keys (logged when a new document is installed).
    static func urlKeys(_ url: String, allowSymmetric: Bool) -> KeyFetch {
        do {
            let document = try HTTPFetch.document(url, timeoutSeconds: 5, maxBodyBytes: 1 << 20)
            guard document.status == 200 else {
                RequestLog.event(.warn, "jwks: \(url) answered HTTP \(document.status); keeping the previous keys")
                return .failed
            }
            let contents = try JWKSet.parse(document.body, allowSymmetric: allowSymmetric)
            return .fetched(
                keys: contents.keys, skipped: contents.skipped, document: document.body,
                maxAgeSeconds: document.maxAgeSeconds)
        } catch let error as JWKError {
            RequestLog.event(.warn, "jwks: \(url) is not a usable JWK Set (\(error.reason)); keeping the previous keys")
        } catch {
            RequestLog.event(.warn, "jwks: cannot fetch \(url) (\(error)); keeping the previous keys")
        }
        return .failed
    }

    /// The log lines for a JWKS_URL document just installed: how many keys, and each member skipped.
    static func installedLines(_ url: String, keyCount: Int, skipped: [SkippedKey]) -> [String] {
        ["jwks: loaded \(keyCount) key(s) from \(url)" + (skipped.isEmpty ? "" : ", skipped \(skipped.count)")]
            + skippedLines(skipped, source: "JWKS_URL \(url)").map { "jwks: \($0)" }
    }

    /// `source: skipped kid "z" (OKP, EdDSA): reason`, one line per skipped member.
    static func skippedLines(_ skipped: [SkippedKey], source: String) -> [String] {
        skipped.map { "\(source): skipped \($0)" }
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
    ///
    /// - Parameter tolerateUnusableFile: a JWKS_FILE without a usable key is reported in `fileSkipped` instead of
    ///   thrown (for `token verify`, which explains a refusal rather than serving).
    static func verifier(
        _ configuration: Configuration, jwksFileOverride: String? = nil, extraKeys: [VerificationKey] = [],
        refreshInBackground: Bool = false, tolerateUnusableFile: Bool = false
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
        guard jwksFileOverride == nil, let url = try configuration.jwksURL.map(checkedURL) else {
            return Setup(verifier: verifier, refresher: nil, fileSkipped: fileSkipped, fileSource: fileSource)
        }
        let schedule = RefreshSchedule(
            floor: Double(configuration.jwksRefreshSeconds), maximumAge: Double(configuration.jwksMaxAgeSeconds))
        let refresher = KeyRefresher(
            keyRing: keyRing, fixedKeys: fixed, schedule: schedule,
            fetch: { urlKeys(url, allowSymmetric: allowSymmetric) },
            installedKeys: { count, skipped in
                for (index, line) in installedLines(url, keyCount: count, skipped: skipped).enumerated() {
                    RequestLog.event(index == 0 ? .info : .warn, line)
                }
            })
        refresher.fetchNow()
        if refreshInBackground { _ = WorkerThread.start { refresher.run() } }
        return Setup(verifier: verifier, refresher: refresher, fileSkipped: fileSkipped, fileSource: fileSource)
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
    /// The key set's own error, when the source was read but its keys are unusable.
    var reason: JWKError?

    /// The skipped members, when the source was read but none of its keys is usable.
    var everyKeySkipped: [SkippedKey]? {
        guard case .noUsableKey(let skipped)? = reason else { return nil }
        return skipped
    }
}

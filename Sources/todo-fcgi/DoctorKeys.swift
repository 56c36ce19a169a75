import Glibc
import HTTPFetch
import JOSE
import TodoAPI

/// The doctor's checks of the keys: JWKS_FILE, JWKS_URL and SIGNING_KEY_FILE.
enum DoctorKeys {
    /// JWKS_FILE read and parsed as `serve` does (KeySources.fileKeys), holding at least one usable key; a warning
    /// for each member skipped.
    static func checkJWKSFile(_ configuration: Configuration, into report: inout DoctorReport) {
        guard let path = configuration.jwksFile else {
            report.add(.skip, "jwks-file", "JWKS_FILE is not set.")
            return
        }
        let contents: JWKSetContents
        do {
            contents = try KeySources.fileKeys(path, allowSymmetric: configuration.jwksAllowSymmetric)
        } catch {
            report.add(
                .problem, "jwks-file", "\(error).",
                fix: (error as? KeySourceProblem)?.everyKeySkipped != nil
                    ? emptySetFix
                    : "point JWKS_FILE at a readable JWK Set ({\"keys\": [...]}) of public keys, such as a copy of "
                        + "Better Auth's /api/auth/jwks.")
            return
        }
        add(contents, from: "JWKS_FILE \(path)", check: "jwks-file", into: &report)
    }

    /// JWKS_URL fetched once, with the limits the responder uses (5 s, 1 MiB), and parsed as a JWK Set.
    static func checkJWKSURL(_ configuration: Configuration, into report: inout DoctorReport) {
        guard let url = configuration.jwksURL else {
            report.add(.skip, "jwks-url", "JWKS_URL is not set.")
            return
        }
        guard
            report.unlessProblem(
                "jwks-url", { try KeySources.checkedURL(url) }, text: { "\($0). serve refuses to start with it." },
                fix: "use the issuer's https:// address, e.g. https://app.example.com/api/auth/jwks.") != nil
        else { return }
        let consequence = "The responder starts anyway, but refuses tokens signed with those keys until a fetch works."
        guard
            let (status, body) = report.unlessProblem(
                "jwks-url",
                { () throws(HTTPFetchError) in try HTTPFetch.get(url, timeoutSeconds: 5, maxBodyBytes: 1 << 20) },
                text: { "cannot fetch JWKS_URL \(url): \($0.description). \(consequence)" },
                fix: "check the URL and that this host reaches it (DNS, firewall, certificate).")
        else { return }
        guard status == 200 else {
            report.add(
                .problem, "jwks-url", "JWKS_URL \(url) answered HTTP \(status), not 200. \(consequence)",
                fix: "use the issuer's key set address, e.g. https://app.example.com/api/auth/jwks.")
            return
        }
        guard
            let contents = report.unlessProblem(
                "jwks-url",
                { () throws(JWKError) in try JWKSet.parse(body, allowSymmetric: configuration.jwksAllowSymmetric) },
                text: { "JWKS_URL \(url) is not a usable JWK Set: \($0.reason). \(consequence)" },
                fix: "use the issuer's key set address, e.g. https://app.example.com/api/auth/jwks.")
        else { return }
        add(contents, from: "JWKS_URL \(url)", check: "jwks-url", into: &report)
    }

    /// A warning when JWKS keys are trusted for tokens of any audience.
    static func checkAudience(_ configuration: Configuration, into report: inout DoctorReport) {
        guard let warning = KeySources.audienceWarning(configuration) else { return }
        report.add(
            .warn, "audience", "\(warning).",
            fix: "set JWT_AUDIENCE to the aud of this application's tokens (Better Auth's jwt() plugin uses the site's "
                + "origin, e.g. https://app.example.com).")
    }

    /// SIGNING_KEY_FILE loaded as `serve` does (ApplicationFactory.signer), and not readable by every user.
    static func checkSigningKey(_ configuration: Configuration, into report: inout DoctorReport) {
        guard let path = configuration.signingKeyFile else {
            report.add(.skip, "signing-key", "SIGNING_KEY_FILE is not set: issued tokens are HS256.")
            return
        }
        guard
            let signer = report.unlessProblem(
                "signing-key", { try ApplicationFactory.signer(configuration) },
                fix: "write a new key with: todo-fcgi keygen --out \(path) (tokens signed with another key stop "
                    + "verifying).")
        else { return }
        let readable = report.problemIfMode(path, has: 0o004, "signing-key", fix: "chmod 600 \(path).") { mode in
            "SIGNING_KEY_FILE \(path) is a private key that every user on this host can read (mode \(mode)): anyone "
                + "could sign tokens."
        }
        if readable { return }
        report.add(
            .ok, "signing-key",
            "SIGNING_KEY_FILE \(path) is an Ed25519 private key (kid \(signer.kid ?? "none")); issued tokens are EdDSA."
        )
    }

    private static let emptySetFix =
        "publish at least one usable public signing key (use \"sig\"; Ed25519, EC P-256/384/521, or RSA of 2048 bits "
        + "or more)."

    /// An ok line for the usable keys, then a warning per skipped member (naming its kid and the reason), as check
    /// `jwks-file[index]`.
    private static func add(
        _ contents: JWKSetContents, from source: String, check: String, into report: inout DoctorReport
    ) {
        let algorithms = Set(contents.keys.map(\.algorithm.rawValue)).sorted().joined(separator: ", ")
        let count = contents.keys.count
        report.add(.ok, check, "\(source) holds \(count) usable key\(count == 1 ? "" : "s") (\(algorithms)).")
        // One line per check: each skipped member is its own check, named by its index in the set.
        for skipped in contents.skipped {
            report.add(
                .warn, "\(check)[\(skipped.index)]",
                "\(source): skipped \(skipped). The other keys serve; tokens signed with this one are refused.",
                fix: "remove it from the set, or replace it with a usable public signing key.")
        }
    }
}

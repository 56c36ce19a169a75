import Commands
import JOSE
import JSON
import TodoAPI

/// `todo-fcgi token verify`: what a person runs when a request gets 401 and they want to know why. Prints the
/// header, the claims, the key set members that were skipped (with their reasons) and every check with its verdict,
/// revocation included (from the configured database); exits 0 when the token is valid, 1 when it is not.
struct TokenVerify {
    static let command = Command(
        "verify", abstract: "Check a token as the responder would and print every check with its verdict.",
        discussion: "Exit status: 0 valid, 1 invalid, 2 usage error.",
        arguments: [
            .option("jwks", help: "Verify with the keys of this JWK Set file instead of JWKS_FILE/JWKS_URL."),
            .flag(
                "signature-only",
                help: "Check the JWS only (form, key choice, signature), not the claims; the payload may be any bytes."),
            .option("now", help: "The time to check against, in Unix seconds (default: now)."),
            .positional("token", help: "The token (compact JWS)."),
        ]
    ) { try TokenVerify($0).run() }

    let jwks: String?
    let signatureOnly: Bool
    let now: Double?
    let token: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        jwks = arguments.string("jwks")
        signatureOnly = arguments.flag("signature-only")
        now = try arguments.double("now")
        token = arguments.string("token") ?? ""
        if let now, !(0...253_402_300_799).contains(now) {
            throw UsageError("--now must be a Unix time between 0 and 253402300799")
        }
    }

    func run() throws(ExitStatus) {
        let configuration = Environment.commandConfiguration(requireSecret: false)
        let instant = now ?? ApplicationFactory.wallClockSeconds()
        let keys: KeySources.Setup
        do {
            let ownKeys =
                configuration.signingKeyFile == nil || jwks != nil
                ? [] : try ApplicationFactory.ownKeys(ApplicationFactory.signer(configuration))
            keys = try KeySources.verifier(
                configuration, jwksFileOverride: jwks, extraKeys: ownKeys, tolerateUnusableFile: true)
        } catch {
            Environment.fail("\(error)", code: 2)
        }
        let verifier = keys.verifier
        let skipped = keys.fileSkipped + (keys.refresher?.skipped ?? [])
        printSegments()
        for text in keys.fileSkippedLines + skippedURLLines(keys.refresher, configuration) {
            print("skipped: \(text)")
        }
        print("checks (at \(Int(instant))):")
        var valid = true
        do {
            let jws = try verifier.verifySignature(token)
            line(true, "signature", "\(jws.algorithm.rawValue), verified")
        } catch {
            valid = false
            let kid = segment(0)?["kid"]?.stringValue
            let why = kid.flatMap { kid in skipped.first { $0.kid == kid } }.map { " (\($0.name) was skipped)" }
            line(false, "signature", error.reason + (why ?? ""))
        }
        if !signatureOnly {
            valid = checkClaims(verifier, at: instant) && valid
            valid = checkRevocation(configuration, at: instant) && valid
        }
        print("verdict: \(valid ? "valid" : "invalid")")
        if !valid { throw ExitStatus(1) }
    }

    private func checkClaims(_ verifier: JWTVerifier, at instant: Double) -> Bool {
        guard let claims = segment(1)?.objectValue else {
            line(false, "claims", "the payload is not a JSON object")
            return false
        }
        var valid = true
        let unchecked = [
            "iss": verifier.policy.issuer == nil ? "not checked (JWT_ISSUER is unset)" : nil,
            "aud": verifier.policy.audience == nil ? "not checked (JWT_AUDIENCE is unset)" : nil,
        ]
        for check in ClaimsReport.checks(claims, policy: verifier.policy, now: instant) {
            valid = valid && check.failure == nil
            line(
                check.failure == nil, check.claim, check.failure?.reason ?? unchecked[check.claim, default: nil] ?? "ok"
            )
        }
        return valid
    }

    /// The `revoked` line: the token's session or subject in the database's revocation lists, as `serve` checks.
    private func checkRevocation(_ configuration: Configuration, at instant: Double) -> Bool {
        guard let claims = segment(1)?.objectValue else { return false }
        switch TokenRevocationCheck.verdict(claims: claims, configuration: configuration, nowSeconds: instant) {
        case .notRevoked:
            line(true, "revoked", "no")
            return true
        case .revoked(let why):
            line(false, "revoked", why)
            return false
        case .unchecked(let why):
            line(true, "revoked", "not checked: \(why)")
            return true
        }
    }

    private func printSegments() {
        print("header:  \(segment(0).map { $0.serializedString } ?? "(not base64url JSON)")")
        if !signatureOnly {
            print("claims:  \(segment(1).map { $0.serializedString } ?? "(not base64url JSON)")")
        }
    }

    private func skippedURLLines(_ refresher: KeyRefresher?, _ configuration: Configuration) -> [String] {
        guard let refresher, let url = configuration.jwksURL else { return [] }
        return KeySources.skippedLines(refresher.skipped, source: "JWKS_URL \(url)")
    }

    /// The decoded JSON of part `index` of the token, if it decodes.
    private func segment(_ index: Int) -> JSONValue? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(parts[index]) else { return nil }
        return try? JSONParser.parse(bytes)
    }

    private func line(_ ok: Bool, _ name: String, _ detail: String) {
        let padded = name + String(repeating: " ", count: max(0, 10 - name.count))
        print("  \(ok ? "ok  " : "FAIL") \(padded) \(detail)")
    }
}

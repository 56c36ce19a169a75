import JSON

/// Every claim check of a policy run on its own, for an operator who wants to see why a token is refused
/// (`todo-fcgi token verify`). The verifier itself stops at the first failure (`ClaimsValidator`).
public enum ClaimsReport {
    /// One check: the claim's name and the error, or nil when it passed.
    public struct Check: Sendable {
        public let claim: String
        public let failure: JWTError?
    }

    /// The verdict of each check, in the validator's order: exp, nbf, iat, iss, aud, sub.
    public static func checks(_ claims: [String: JSONValue], policy: ClaimsPolicy, now: Double) -> [Check] {
        func run(_ claim: String, _ body: () throws(JWTError) -> Void) -> Check {
            do {
                try body()
                return Check(claim: claim, failure: nil)
            } catch {
                return Check(claim: claim, failure: error)
            }
        }
        return [
            run("exp") { () throws(JWTError) in _ = try ExpirationClaim.check(claims, now: now, leeway: policy.leeway)
            },
            run("nbf") { () throws(JWTError) in try NotBeforeClaim.check(claims, now: now, leeway: policy.leeway) },
            run("iat") { () throws(JWTError) in try IssuedAtClaim.check(claims, now: now, leeway: policy.leeway) },
            run("iss") { () throws(JWTError) in try IssuerClaim.check(claims, expected: policy.issuer) },
            run("aud") { () throws(JWTError) in try AudienceClaim.check(claims, expected: policy.audience) },
            run("sub") { () throws(JWTError) in _ = try SubjectClaim.check(claims) },
        ]
    }
}

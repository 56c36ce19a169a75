import JSON

/// Runs every claim check of a policy, in a fixed order: time claims first, then `iss`, `aud` and `sub`.
enum ClaimsValidator {
    /// The accepted claims' subject and `exp`, and the latest of `nbf` and `iat` (`-infinity` without either):
    /// before it, less the leeway, the token would be refused.
    static func validate(
        _ claims: [String: JSONValue], policy: ClaimsPolicy, now: Double
    ) throws(JWTError) -> (subject: String, expiresAt: Double, usableFrom: Double) {
        let expiresAt = try ExpirationClaim.check(claims, now: now, leeway: policy.leeway)
        let notBefore = try NotBeforeClaim.check(claims, now: now, leeway: policy.leeway)
        let issuedAt = try IssuedAtClaim.check(claims, now: now, leeway: policy.leeway)
        try IssuerClaim.check(claims, expected: policy.issuer)
        try AudienceClaim.check(claims, expected: policy.audience)
        let subject = try SubjectClaim.check(claims)
        return (subject, expiresAt, max(notBefore ?? -.infinity, issuedAt ?? -.infinity))
    }
}

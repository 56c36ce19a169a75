import JSON

/// Runs every claim check of a policy, in a fixed order: time claims first, then `iss`, `aud` and `sub`.
enum ClaimsValidator {
    static func validate(
        _ claims: [String: JSONValue], policy: ClaimsPolicy, now: Double
    ) throws(JWTError) -> (subject: String, expiresAt: Double) {
        let expiresAt = try ExpirationClaim.check(claims, now: now, leeway: policy.leeway)
        try NotBeforeClaim.check(claims, now: now, leeway: policy.leeway)
        try IssuedAtClaim.check(claims, now: now, leeway: policy.leeway)
        try IssuerClaim.check(claims, expected: policy.issuer)
        try AudienceClaim.check(claims, expected: policy.audience)
        let subject = try SubjectClaim.check(claims)
        return (subject, expiresAt)
    }
}

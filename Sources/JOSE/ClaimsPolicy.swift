/// What the claims of a verified token must satisfy besides `exp` and `sub`, which are always required.
public struct ClaimsPolicy: Sendable {
    /// Required `iss`, or nil to accept any issuer.
    public let issuer: String?
    /// Audience that `aud` must contain, or nil to ignore `aud`.
    public let audience: String?
    /// Clock skew tolerated for `exp`, `nbf` and `iat`, in seconds (negative values count as zero).
    public let leewaySeconds: Int

    public init(issuer: String?, audience: String?, leewaySeconds: Int) {
        self.issuer = issuer
        self.audience = audience
        self.leewaySeconds = max(0, leewaySeconds)
    }

    var leeway: Double { Double(leewaySeconds) }
}

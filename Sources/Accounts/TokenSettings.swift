/// Lifetimes and claims of the tokens `AccountService` issues.
public struct TokenSettings: Sendable, Equatable {
    /// Access-token lifetime in seconds (ACCESS_TOKEN_TTL_SECONDS).
    public var accessTokenTTL: Int64
    /// Refresh-token lifetime in seconds (REFRESH_TOKEN_TTL_SECONDS).
    public var refreshTokenTTL: Int64
    /// `iss` of access tokens (JWT_ISSUER), or nil for none.
    public var issuer: String?
    /// `aud` of access tokens (JWT_AUDIENCE), or nil for none.
    public var audience: String?

    /// Settings with the documented defaults: 900 s access tokens, 30-day refresh tokens, no `iss` or `aud`.
    public init(
        accessTokenTTL: Int64 = 900, refreshTokenTTL: Int64 = 2_592_000, issuer: String? = nil,
        audience: String? = nil
    ) {
        self.accessTokenTTL = accessTokenTTL
        self.refreshTokenTTL = refreshTokenTTL
        self.issuer = issuer
        self.audience = audience
    }
}

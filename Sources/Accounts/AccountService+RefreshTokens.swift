import Storage

extension AccountService {
    /// Exchanges a live refresh token for a new session: the presented token is spent, its successor joins the
    /// same family. A token presented a second time revokes its whole family (someone copied it), so the newest
    /// token of that chain stops working too. Every refusal is `.invalidRefreshToken`.
    public func refresh(token: String, now: Int64) throws -> Result<Session, AccountError> {
        guard RefreshTokens.isWellFormed(token) else {
            return .failure(.invalidRefreshToken)
        }
        let successor = RefreshTokens.generate()
        let rotation = try users.rotateRefreshToken(
            presentedHash: RefreshTokens.hash(token), newHash: RefreshTokens.hash(successor),
            newExpiresAt: refreshExpiry(now: now), now: now)
        if case .reuseDetected(_, let familyID) = rotation {
            try revoke(.session, id: familyID, now: now)
        }
        guard case .rotated(let userID, let familyID) = rotation, let user = try users.user(id: userID) else {
            return .failure(.invalidRefreshToken)
        }
        return .success(accessTokens.session(for: user, refreshToken: successor, sessionID: familyID, now: now))
    }

    /// Signs out: revokes the family of `refreshToken` when it belongs to `userID` (the access token's `sub`), and
    /// with it the session's access tokens. Signing out twice succeeds; a token that is unknown or another user's
    /// is `.invalidRefreshToken`.
    public func signOut(refreshToken: String, userID: String, now: Int64) throws -> Result<Void, AccountError> {
        guard RefreshTokens.isWellFormed(refreshToken),
            let familyID = try users.revokeFamily(
                ofTokenHash: RefreshTokens.hash(refreshToken), userID: userID, now: now)
        else {
            return .failure(.invalidRefreshToken)
        }
        try revoke(.session, id: familyID, now: now)
        return .success(())
    }
}

import Storage

extension AccountService {
    /// Characters of a reset token (Better Auth makes 24; more costs nothing).
    public static let resetTokenLength = 32

    /// A reset token for the user of `email`, valid `ttlSeconds` from `now`, with that user; nil for an unknown
    /// or malformed email (the route answers the same). Only the token's SHA-256 is stored.
    public func requestPasswordReset(email rawEmail: String, ttlSeconds: Int64, now: Int64) throws
        -> (user: UserRecord, token: String)?
    {
        guard case .success(let email) = AccountRules.email(rawEmail), let user = try users.user(email: email) else {
            return nil
        }
        let token = SecureRandom.alphanumeric(count: Self.resetTokenLength)
        try users.insertResetToken(
            hash: SHA256.digest(Array(token.utf8)), userID: user.id, expiresAt: now + ttlSeconds * 1000, now: now)
        return (user, token)
    }

    /// Whether `token` is a live reset token (the GET link checks it without spending it).
    public func isLiveResetToken(_ token: String, now: Int64) throws -> Bool {
        guard Self.isPlausibleResetToken(token) else { return false }
        return try users.resetTokenUser(hash: SHA256.digest(Array(token.utf8)), now: now) != nil
    }

    /// Sets a new password with a live reset token and spends the token; every session of the user ends and every
    /// access token issued before this second is revoked. Checks, in Better Auth's order: the password's length,
    /// then the token (`.invalidResetToken` for unknown, spent or expired alike).
    public func resetPassword(token: String, newPassword: String, now: Int64) throws -> Result<Void, AccountError> {
        if let problem = AccountRules.passwordProblem(newPassword) { return .failure(problem) }
        guard Self.isPlausibleResetToken(token) else { return .failure(.invalidResetToken) }
        let hash = SHA256.digest(Array(token.utf8))
        guard try users.resetTokenUser(hash: hash, now: now) != nil else { return .failure(.invalidResetToken) }
        // Hash before spending the token: a full password budget must not cost the user their link.
        guard let passwordHash = try? hasher.hash(newPassword) else { return .failure(.tooManyRequests) }
        guard let userID = try users.consumeResetToken(hash: hash, now: now) else {
            return .failure(.invalidResetToken)
        }
        guard try users.setPassword(userID: userID, hash: passwordHash, now: now) else {
            return .failure(.userNotFound)
        }
        try revokeSessions(userID: userID, keeping: nil, now: now)
        return .success(())
    }

    private static func isPlausibleResetToken(_ token: String) -> Bool {
        token.utf8.count >= 16 && token.utf8.count <= 128
    }
}

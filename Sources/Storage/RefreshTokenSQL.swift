/// The SQL text of every refresh-token statement. Tokens are named by the SHA-256 of their text.
enum RefreshTokenSQL {
    /// ?1 hash, ?2 user, ?3 family, ?4 expires at, ?5 now.
    static let insert = """
        INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at, created_at)
        VALUES (?1, ?2, ?3, ?4, ?5)
        """

    /// ?1 hash: user, family, expiry, spent and revoked times.
    static let select = """
        SELECT user_id, family_id, expires_at, spent_at, revoked_at FROM refresh_tokens WHERE token_hash = ?1
        """

    /// ?1 hash, ?2 now. Only a token not yet spent.
    static let spend = "UPDATE refresh_tokens SET spent_at = ?2 WHERE token_hash = ?1 AND spent_at IS NULL"

    /// ?1 hash, ?2 owner: the family of the owner's token.
    static let ownedFamily = "SELECT family_id FROM refresh_tokens WHERE token_hash = ?1 AND user_id = ?2"

    /// ?1 family, ?2 now.
    static let revokeFamily = "UPDATE refresh_tokens SET revoked_at = ?2 WHERE family_id = ?1 AND revoked_at IS NULL"

    /// ?1 owner, ?2 now.
    static let revokeAll = "UPDATE refresh_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL"

    /// ?1 owner, ?2 now: the owner's rows that can never be used again (expired, or of a revoked family).
    static let pruneDead = """
        DELETE FROM refresh_tokens WHERE user_id = ?1 AND (expires_at <= ?2 OR revoked_at IS NOT NULL)
        """

    /// ?1 owner, ?2 now, ?3 families to keep: every row of the owner's live families but the ?3 used most recently
    /// (a live family has exactly one live token, the newest of its chain).
    static let dropLeastRecentFamilies = """
        DELETE FROM refresh_tokens WHERE user_id = ?1 AND family_id IN (
          SELECT family_id FROM refresh_tokens
          WHERE user_id = ?1 AND spent_at IS NULL AND revoked_at IS NULL AND expires_at > ?2
          ORDER BY created_at DESC, family_id LIMIT -1 OFFSET ?3)
        """
}

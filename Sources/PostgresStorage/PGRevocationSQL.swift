/// The SQL text of every revocation statement, in PostgreSQL's dialect.
enum PGRevocationSQL {
    /// $1 kind, $2 id, $3 revoked at: a revocation, keeping the later time when it exists.
    static let record = """
        INSERT INTO revocations (kind, id, revoked_at) VALUES ($1, $2, $3)
        ON CONFLICT (kind, id) DO UPDATE SET revoked_at = GREATEST(revocations.revoked_at, excluded.revoked_at)
        """

    /// $1 time: revocations older than it.
    static let prune = "DELETE FROM revocations WHERE revoked_at < $1"

    /// $1 time: revocations recorded after it.
    static let since = "SELECT kind, id, revoked_at FROM revocations WHERE revoked_at > $1"
}

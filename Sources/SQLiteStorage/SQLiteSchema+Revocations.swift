extension SQLiteSchema {
    /// Version 3: the revocation lists (`Revocation`): one row per revoked session or subject with the time of its
    /// latest revocation; rows are deleted once no access token issued before them can still be valid.
    static let revocationsTable = """
        CREATE TABLE revocations (
          kind TEXT NOT NULL CHECK (kind IN ('session', 'subject')),
          id TEXT NOT NULL,
          revoked_at INTEGER NOT NULL, -- Unix milliseconds
          PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;
        CREATE INDEX revocations_time ON revocations (revoked_at);
        """
}

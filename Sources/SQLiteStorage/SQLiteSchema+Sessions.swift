extension SQLiteSchema {
    /// Version 4: who started each session (a refresh-token family: its first request's address and user agent)
    /// and the password-reset tokens (only their SHA-256, used once). Both go with their user (the cascade).
    static let sessionsAndResetTables = """
        CREATE TABLE sessions (
          family_id TEXT PRIMARY KEY NOT NULL,
          user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          created_at INTEGER NOT NULL, -- Unix milliseconds
          ip_address TEXT,
          user_agent TEXT
        ) WITHOUT ROWID;
        CREATE INDEX sessions_user ON sessions (user_id);
        CREATE TABLE reset_tokens (
          token_hash BLOB PRIMARY KEY NOT NULL CHECK (length(token_hash) = 32),
          user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          expires_at INTEGER NOT NULL, -- Unix milliseconds
          created_at INTEGER NOT NULL  -- Unix milliseconds
        ) WITHOUT ROWID;
        CREATE INDEX reset_tokens_user ON reset_tokens (user_id);
        """
}

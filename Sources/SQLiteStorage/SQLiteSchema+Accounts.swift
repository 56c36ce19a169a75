extension SQLiteSchema {
    /// Version 2: accounts. Emails are stored trimmed and lower-cased, so `UNIQUE` compares them as users expect.
    /// `password_hash` is Better Auth's `salthex:keyhex`, or NULL for an imported user without a credential.
    /// Refresh tokens are kept only as the SHA-256 of their text; a family is the chain of rotations that began
    /// at one sign-in. `tasks.user_id` is not a foreign key (tokens from Better Auth may name users we do not
    /// store): deleting a user removes their tasks in the same transaction instead (`SQLUserStore`).
    static let accountsTables = """
        CREATE TABLE users (
          id TEXT PRIMARY KEY NOT NULL,
          name TEXT NOT NULL,
          email TEXT NOT NULL UNIQUE,
          email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
          image TEXT,
          password_hash TEXT,
          created_at INTEGER NOT NULL, -- Unix milliseconds
          updated_at INTEGER NOT NULL  -- Unix milliseconds
        );
        CREATE TABLE refresh_tokens (
          token_hash BLOB PRIMARY KEY NOT NULL CHECK (length(token_hash) = 32),
          user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          family_id TEXT NOT NULL,
          expires_at INTEGER NOT NULL, -- Unix milliseconds
          created_at INTEGER NOT NULL, -- Unix milliseconds
          spent_at INTEGER,            -- set when rotated
          revoked_at INTEGER           -- set by sign-out, reuse detection or revoking all
        ) WITHOUT ROWID;
        CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
        CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
        """
}

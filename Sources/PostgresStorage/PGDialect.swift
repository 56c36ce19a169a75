import Storage

extension SQLDialect {
    /// Every statement in PostgreSQL's dialect (`$1`...).
    ///
    /// Case-insensitive parts use `lower()`, which folds all of Unicode when the database's `LC_CTYPE` is a UTF-8
    /// locale (`C.UTF-8`, `en_US.UTF-8`...; not plain `C`); title order compares the folded text by code point
    /// (`COLLATE "C"`), like the SQLite driver, whatever the database's collation. Text is stored through
    /// `PGText`, so the search text is bound as it is and folded by the SQL.
    public static let postgres = SQLDialect(
        tasks: PGDialect.tasks, users: PGDialect.users, refreshTokens: PGDialect.refreshTokens,
        revocations: PGDialect.revocations,
        sessions: PGDialect.sessions, accountChanges: PGDialect.accountChanges, schema: PGSchema.schema)
}

/// PostgreSQL's SQL texts, one table per store.
enum PGDialect {
    static let taskColumns = "id, user_id, title, description, completed, created_at, updated_at"
    static let userColumns = "id, name, email, email_verified, image, password_hash, created_at, updated_at"

    static let tasks = SQLDialect.Tasks(
        insert: """
            INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
            VALUES ($1, $2, $3, false, $4, $4)
            RETURNING \(taskColumns)
            """,
        select: "SELECT \(taskColumns) FROM tasks WHERE user_id = $1 AND id = $2",
        update: """
            UPDATE tasks SET
              title = coalesce($3::text, title),
              description = CASE WHEN $4::boolean THEN $5::text ELSE description END,
              completed = coalesce($6::boolean, completed),
              updated_at = GREATEST($7::bigint, updated_at + 1)
            WHERE user_id = $1 AND id = $2
            RETURNING \(taskColumns)
            """,
        toggle: """
            UPDATE tasks SET completed = NOT completed, updated_at = GREATEST($3::bigint, updated_at + 1)
            WHERE user_id = $1 AND id = $2
            RETURNING \(taskColumns)
            """,
        delete: "DELETE FROM tasks WHERE user_id = $1 AND id = $2",
        list: TaskListTexts(
            TaskListTexts.Fragments(
                select: "SELECT \(taskColumns) FROM tasks WHERE user_id = $1",
                pending: " AND NOT completed", completed: " AND completed",
                // strpos, not LIKE: % and _ in the search text are literal.
                search: " AND (strpos(lower(title), lower($4::text)) > 0"
                    + " OR strpos(lower(coalesce(description, '')), lower($4::text)) > 0)",
                titleKey: #"lower(title) COLLATE "C""#, page: " LIMIT $2 OFFSET $3")),
        searchArgument: { $0 })

    static let users = SQLDialect.Users(
        insert: """
            INSERT INTO users (\(userColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (email) DO NOTHING
            """,
        importOne: """
            INSERT INTO users (\(userColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT DO NOTHING
            """,
        selectByEmail: "SELECT \(userColumns) FROM users WHERE email = $1",
        selectByID: "SELECT \(userColumns) FROM users WHERE id = $1",
        delete: "DELETE FROM users WHERE id = $1",
        deleteTasks: "DELETE FROM tasks WHERE user_id = $1",
        // Also removed by the foreign key's cascade.
        deleteRefreshTokens: "DELETE FROM refresh_tokens WHERE user_id = $1")

    static let refreshTokens = SQLDialect.RefreshTokens(
        insert: """
            INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at, created_at)
            VALUES ($1, $2, $3, $4, $5)
            """,
        // The row stays locked until the transaction ends: two hosts presenting one token take turns.
        selectForRotation: """
            SELECT user_id, family_id, expires_at, spent_at, revoked_at FROM refresh_tokens WHERE token_hash = $1
            FOR UPDATE
            """,
        spend: "UPDATE refresh_tokens SET spent_at = $2 WHERE token_hash = $1 AND spent_at IS NULL",
        ownedFamily: "SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2",
        revokeFamily: "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
        revokeAll: "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        pruneDead: """
            DELETE FROM refresh_tokens WHERE user_id = $1 AND (expires_at <= $2 OR revoked_at IS NOT NULL)
            """,
        dropLeastRecentFamilies: """
            DELETE FROM refresh_tokens WHERE user_id = $1 AND family_id IN (
              SELECT family_id FROM refresh_tokens
              WHERE user_id = $1 AND spent_at IS NULL AND revoked_at IS NULL AND expires_at > $2
              ORDER BY created_at DESC, family_id LIMIT ALL OFFSET $3)
            """)

    static let revocations = SQLDialect.Revocations(
        record: """
            INSERT INTO revocations (kind, id, revoked_at) VALUES ($1, $2, $3)
            ON CONFLICT (kind, id) DO UPDATE SET revoked_at = GREATEST(revocations.revoked_at, excluded.revoked_at)
            """,
        prune: "DELETE FROM revocations WHERE revoked_at < $1",
        since: "SELECT kind, id, revoked_at FROM revocations WHERE revoked_at > $1")

    static let sessions = SQLDialect.Sessions(
        insert: """
            INSERT INTO sessions (family_id, user_id, created_at, ip_address, user_agent)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (family_id) DO NOTHING
            """,
        pruneOrphans: """
            DELETE FROM sessions WHERE user_id = $1
              AND family_id NOT IN (SELECT family_id FROM refresh_tokens WHERE user_id = $1)
            """,
        live: liveSessions + " WHERE t.user_id = $1 AND \(liveToken) ORDER BY t.created_at DESC, t.family_id",
        liveOne: liveSessions + " WHERE t.family_id = $1 AND \(liveToken)",
        revokeOwned: """
            UPDATE refresh_tokens SET revoked_at = $3
            WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL
            """,
        unrevokedFamilies: """
            SELECT DISTINCT family_id FROM refresh_tokens
            WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY family_id
            """)

    /// A session row: the family's live token, joined with who started it (a family from before version 4 has
    /// no row there: its first token's time stands in).
    private static let liveSessions = """
        SELECT t.family_id, t.user_id,
          coalesce(s.created_at, (SELECT min(f.created_at) FROM refresh_tokens f WHERE f.family_id = t.family_id)),
          t.created_at, t.expires_at, s.ip_address, s.user_agent
        FROM refresh_tokens t LEFT JOIN sessions s ON s.family_id = t.family_id
        """
    private static let liveToken = "t.spent_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > $2"

    static let accountChanges = SQLDialect.AccountChanges(
        updateProfile: """
            UPDATE users SET name = coalesce($2::text, name), image = CASE WHEN $3::boolean THEN $4::text ELSE image END,
              updated_at = GREATEST($5::bigint, updated_at)
            WHERE id = $1
            """,
        setPassword: "UPDATE users SET password_hash = $2, updated_at = GREATEST($3::bigint, updated_at) WHERE id = $1",
        verifyEmail: """
            UPDATE users SET email_verified = true, updated_at = GREATEST($2::bigint, updated_at)
            WHERE email = $1 AND NOT email_verified RETURNING id
            """,
        insertResetToken: """
            INSERT INTO reset_tokens (token_hash, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)
            """,
        pruneResetTokens: "DELETE FROM reset_tokens WHERE user_id = $1 AND expires_at <= $2",
        resetTokenUser: "SELECT user_id FROM reset_tokens WHERE token_hash = $1 AND expires_at > $2",
        consumeResetToken: "DELETE FROM reset_tokens WHERE token_hash = $1 AND expires_at > $2 RETURNING user_id")
}

import Storage

extension SQLDialect {
    /// Every statement in SQLite's dialect (`?1`...). Case-insensitive parts use `casefold()`, a function this
    /// driver registers on every connection (Swift's Unicode lower-casing), and the search text is bound folded
    /// the same way.
    public static let sqlite = SQLDialect(
        tasks: SQLiteDialect.tasks, users: SQLiteDialect.users, refreshTokens: SQLiteDialect.refreshTokens,
        revocations: SQLiteDialect.revocations,
        sessions: SQLiteDialect.sessions, accountChanges: SQLiteDialect.accountChanges, schema: SQLiteSchema.schema)
}

/// SQLite's SQL texts, one table per store.
enum SQLiteDialect {
    static let taskColumns = "id, user_id, title, description, completed, created_at, updated_at"
    static let userColumns = "id, name, email, email_verified, image, password_hash, created_at, updated_at"

    static let tasks = SQLDialect.Tasks(
        insert: """
            INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
            VALUES (?1, ?2, ?3, 0, ?4, ?4)
            RETURNING \(taskColumns)
            """,
        select: "SELECT \(taskColumns) FROM tasks WHERE user_id = ?1 AND id = ?2",
        update: """
            UPDATE tasks SET
              title = coalesce(?3, title),
              description = CASE WHEN ?4 THEN ?5 ELSE description END,
              completed = coalesce(?6, completed),
              updated_at = max(?7, updated_at + 1)
            WHERE user_id = ?1 AND id = ?2
            RETURNING \(taskColumns)
            """,
        toggle: """
            UPDATE tasks SET completed = 1 - completed, updated_at = max(?3, updated_at + 1)
            WHERE user_id = ?1 AND id = ?2
            RETURNING \(taskColumns)
            """,
        delete: "DELETE FROM tasks WHERE user_id = ?1 AND id = ?2",
        list: TaskListTexts(
            TaskListTexts.Fragments(
                select: "SELECT \(taskColumns) FROM tasks WHERE user_id = ?1",
                pending: " AND completed = 0", completed: " AND completed = 1",
                // instr, not LIKE: % and _ in the search text are literal.
                search: " AND (instr(casefold(title), ?4) > 0 OR instr(casefold(coalesce(description, '')), ?4) > 0)",
                titleKey: "casefold(title)", page: " LIMIT ?2 OFFSET ?3")),
        searchArgument: Casefold.fold)

    static let users = SQLDialect.Users(
        insert: """
            INSERT INTO users (\(userColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT (email) DO NOTHING
            """,
        importOne: """
            INSERT INTO users (\(userColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT DO NOTHING
            """,
        selectByEmail: "SELECT \(userColumns) FROM users WHERE email = ?1",
        selectByID: "SELECT \(userColumns) FROM users WHERE id = ?1",
        delete: "DELETE FROM users WHERE id = ?1",
        deleteTasks: "DELETE FROM tasks WHERE user_id = ?1",
        // Also removed by the foreign key's cascade.
        deleteRefreshTokens: "DELETE FROM refresh_tokens WHERE user_id = ?1")

    static let refreshTokens = SQLDialect.RefreshTokens(
        insert: """
            INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5)
            """,
        // No row lock needed: the write transaction (BEGIN IMMEDIATE) holds the database's only write lock.
        selectForRotation: """
            SELECT user_id, family_id, expires_at, spent_at, revoked_at FROM refresh_tokens WHERE token_hash = ?1
            """,
        spend: "UPDATE refresh_tokens SET spent_at = ?2 WHERE token_hash = ?1 AND spent_at IS NULL",
        ownedFamily: "SELECT family_id FROM refresh_tokens WHERE token_hash = ?1 AND user_id = ?2",
        revokeFamily: "UPDATE refresh_tokens SET revoked_at = ?2 WHERE family_id = ?1 AND revoked_at IS NULL",
        revokeAll: "UPDATE refresh_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        pruneDead: """
            DELETE FROM refresh_tokens WHERE user_id = ?1 AND (expires_at <= ?2 OR revoked_at IS NOT NULL)
            """,
        dropLeastRecentFamilies: """
            DELETE FROM refresh_tokens WHERE user_id = ?1 AND family_id IN (
              SELECT family_id FROM refresh_tokens
              WHERE user_id = ?1 AND spent_at IS NULL AND revoked_at IS NULL AND expires_at > ?2
              ORDER BY created_at DESC, family_id LIMIT -1 OFFSET ?3)
            """)

    static let revocations = SQLDialect.Revocations(
        record: """
            INSERT INTO revocations (kind, id, revoked_at) VALUES (?1, ?2, ?3)
            ON CONFLICT (kind, id) DO UPDATE SET revoked_at = max(revoked_at, excluded.revoked_at)
            """,
        prune: "DELETE FROM revocations WHERE revoked_at < ?1",
        since: "SELECT kind, id, revoked_at FROM revocations WHERE revoked_at > ?1")

    static let sessions = SQLDialect.Sessions(
        insert: """
            INSERT INTO sessions (family_id, user_id, created_at, ip_address, user_agent)
            VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (family_id) DO NOTHING
            """,
        pruneOrphans: """
            DELETE FROM sessions WHERE user_id = ?1
              AND family_id NOT IN (SELECT family_id FROM refresh_tokens WHERE user_id = ?1)
            """,
        live: liveSessions + " WHERE t.user_id = ?1 AND \(liveToken) ORDER BY t.created_at DESC, t.family_id",
        liveOne: liveSessions + " WHERE t.family_id = ?1 AND \(liveToken)",
        revokeOwned: """
            UPDATE refresh_tokens SET revoked_at = ?3
            WHERE family_id = ?1 AND user_id = ?2 AND revoked_at IS NULL
            """,
        unrevokedFamilies: """
            SELECT DISTINCT family_id FROM refresh_tokens
            WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2 ORDER BY family_id
            """)

    /// A session row: the family's live token, joined with who started it (a family from before version 4 has
    /// no row there: its first token's time stands in).
    private static let liveSessions = """
        SELECT t.family_id, t.user_id,
          coalesce(s.created_at, (SELECT min(f.created_at) FROM refresh_tokens f WHERE f.family_id = t.family_id)),
          t.created_at, t.expires_at, s.ip_address, s.user_agent
        FROM refresh_tokens t LEFT JOIN sessions s ON s.family_id = t.family_id
        """
    private static let liveToken = "t.spent_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > ?2"

    static let accountChanges = SQLDialect.AccountChanges(
        updateProfile: """
            UPDATE users SET name = coalesce(?2, name), image = CASE WHEN ?3 THEN ?4 ELSE image END,
              updated_at = max(?5, updated_at)
            WHERE id = ?1
            """,
        setPassword: "UPDATE users SET password_hash = ?2, updated_at = max(?3, updated_at) WHERE id = ?1",
        verifyEmail: """
            UPDATE users SET email_verified = 1, updated_at = max(?2, updated_at)
            WHERE email = ?1 AND email_verified = 0 RETURNING id
            """,
        insertResetToken: """
            INSERT INTO reset_tokens (token_hash, user_id, expires_at, created_at) VALUES (?1, ?2, ?3, ?4)
            """,
        pruneResetTokens: "DELETE FROM reset_tokens WHERE user_id = ?1 AND expires_at <= ?2",
        resetTokenUser: "SELECT user_id FROM reset_tokens WHERE token_hash = ?1 AND expires_at > ?2",
        consumeResetToken: "DELETE FROM reset_tokens WHERE token_hash = ?1 AND expires_at > ?2 RETURNING user_id")
}

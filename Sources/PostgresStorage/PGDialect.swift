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
        revocations: PGDialect.revocations, schema: PGSchema.schema)
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
}

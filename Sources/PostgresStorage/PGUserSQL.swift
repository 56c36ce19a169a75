/// The SQL text of every user statement, in PostgreSQL's dialect (static, so statements cache by text).
enum PGUserSQL {
    static let columns = "id, name, email, email_verified, image, password_hash, created_at, updated_at"

    /// $1...$8 in `columns` order. Inserts nothing when the email is taken; an id collision still fails.
    static let insert = """
        INSERT INTO users (\(columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (email) DO NOTHING
        """

    /// $1...$8 in `columns` order. Inserts nothing when the id or the email is taken.
    static let importOne = """
        INSERT INTO users (\(columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT DO NOTHING
        """

    /// $1 email.
    static let selectByEmail = "SELECT \(columns) FROM users WHERE email = $1"

    /// $1 id.
    static let selectByID = "SELECT \(columns) FROM users WHERE id = $1"

    /// $1 id.
    static let delete = "DELETE FROM users WHERE id = $1"

    /// $1 owner: the tasks of a deleted user.
    static let deleteTasks = "DELETE FROM tasks WHERE user_id = $1"

    /// $1 owner: the refresh tokens of a deleted user (also removed by the foreign key's cascade).
    static let deleteRefreshTokens = "DELETE FROM refresh_tokens WHERE user_id = $1"
}

import Storage

/// The SQL text of every task statement, in PostgreSQL's dialect. Each one names `user_id = $1` in its WHERE
/// clause (or, for the INSERT, binds it as `$1`): no statement can reach another owner's rows. Texts are static so
/// statements are prepared once per connection and cached by text.
///
/// Case-insensitive parts use `lower()`, which folds all of Unicode when the database's `LC_CTYPE` is a UTF-8
/// locale (`C.UTF-8`, `en_US.UTF-8`...; not plain `C`); title order compares the folded text by code point
/// (`COLLATE "C"`), like the SQLite backend, whatever the database's collation.
enum PGTaskSQL {
    static let columns = "id, user_id, title, description, completed, created_at, updated_at"

    /// $1 owner, $2 title, $3 description, $4 now.
    static let insert = """
        INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
        VALUES ($1, $2, $3, false, $4, $4)
        RETURNING \(columns)
        """

    /// $1 owner, $2 id.
    static let select = "SELECT \(columns) FROM tasks WHERE user_id = $1 AND id = $2"

    /// $1 owner, $2 id, $3 title or NULL to keep, $4 whether to set the description, $5 description,
    /// $6 completed or NULL to keep, $7 now.
    static let update = """
        UPDATE tasks SET
          title = coalesce($3::text, title),
          description = CASE WHEN $4::boolean THEN $5::text ELSE description END,
          completed = coalesce($6::boolean, completed),
          updated_at = GREATEST($7::bigint, updated_at + 1)
        WHERE user_id = $1 AND id = $2
        RETURNING \(columns)
        """

    /// $1 owner, $2 id, $3 now.
    static let toggle = """
        UPDATE tasks SET completed = NOT completed, updated_at = GREATEST($3::bigint, updated_at + 1)
        WHERE user_id = $1 AND id = $2
        RETURNING \(columns)
        """

    /// $1 owner, $2 id.
    static let delete = "DELETE FROM tasks WHERE user_id = $1 AND id = $2"

    /// $1 owner, $2 limit, $3 offset, and $4 the search text when `searching`.
    static func list(status: TaskStatusFilter, sort: TaskSortOrder, searching: Bool) -> String {
        listTexts.text(status: status, sort: sort, searching: searching)
    }

    /// Every listing's text, built once.
    private static let listTexts = TaskListTexts(build: listText)

    private static func listText(status: TaskStatusFilter, sort: TaskSortOrder, searching: Bool) -> String {
        var sql = "SELECT \(columns) FROM tasks WHERE user_id = $1"
        switch status {
        case .all: break
        case .pending: sql += " AND NOT completed"
        case .completed: sql += " AND completed"
        }
        if searching {
            // strpos, not LIKE: % and _ in the search text are literal.
            sql += " AND (strpos(lower(title), lower($4::text)) > 0"
            sql += " OR strpos(lower(coalesce(description, '')), lower($4::text)) > 0)"
        }
        sql += " ORDER BY " + orderBy(sort) + " LIMIT $2 OFFSET $3"
        return sql
    }

    private static func orderBy(_ sort: TaskSortOrder) -> String {
        switch sort {
        case .created: return "created_at, id"
        case .createdDescending: return "created_at DESC, id DESC"
        case .updated: return "updated_at, id"
        case .updatedDescending: return "updated_at DESC, id DESC"
        case .title: return #"lower(title) COLLATE "C", id"#
        case .titleDescending: return #"lower(title) COLLATE "C" DESC, id DESC"#
        }
    }
}

/// The SQL text of every task statement. Each one names `user_id = ?1` in its WHERE clause (or, for the INSERT,
/// binds it as `?1`): no statement can reach another owner's rows. Texts are static so statements cache by text.
enum TaskSQL {
    static let columns = "id, user_id, title, description, completed, created_at, updated_at"

    /// ?1 owner, ?2 title, ?3 description, ?4 now.
    static let insert = """
        INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
        VALUES (?1, ?2, ?3, 0, ?4, ?4)
        RETURNING \(columns)
        """

    /// ?1 owner, ?2 id.
    static let select = "SELECT \(columns) FROM tasks WHERE user_id = ?1 AND id = ?2"

    /// ?1 owner, ?2 id, ?3 title or NULL to keep, ?4 whether to set the description, ?5 description,
    /// ?6 completed or NULL to keep, ?7 now.
    static let update = """
        UPDATE tasks SET
          title = coalesce(?3, title),
          description = CASE WHEN ?4 THEN ?5 ELSE description END,
          completed = coalesce(?6, completed),
          updated_at = max(?7, updated_at + 1)
        WHERE user_id = ?1 AND id = ?2
        RETURNING \(columns)
        """

    /// ?1 owner, ?2 id, ?3 now.
    static let toggle = """
        UPDATE tasks SET completed = 1 - completed, updated_at = max(?3, updated_at + 1)
        WHERE user_id = ?1 AND id = ?2
        RETURNING \(columns)
        """

    /// ?1 owner, ?2 id.
    static let delete = "DELETE FROM tasks WHERE user_id = ?1 AND id = ?2"

    /// ?1 owner, ?2 limit, ?3 offset, and ?4 the casefolded search text when `searching`.
    static func list(status: TaskStatusFilter, sort: TaskSortOrder, searching: Bool) -> String {
        listTexts.text(status: status, sort: sort, searching: searching)
    }

    /// Every listing's text, built once.
    private static let listTexts = TaskListTexts(build: listText)

    private static func listText(status: TaskStatusFilter, sort: TaskSortOrder, searching: Bool) -> String {
        var sql = "SELECT \(columns) FROM tasks WHERE user_id = ?1"
        switch status {
        case .all: break
        case .pending: sql += " AND completed = 0"
        case .completed: sql += " AND completed = 1"
        }
        if searching {
            sql += " AND (instr(casefold(title), ?4) > 0 OR instr(casefold(coalesce(description, '')), ?4) > 0)"
        }
        sql += " ORDER BY " + orderBy(sort) + " LIMIT ?2 OFFSET ?3"
        return sql
    }

    private static func orderBy(_ sort: TaskSortOrder) -> String {
        switch sort {
        case .created: return "created_at, id"
        case .createdDescending: return "created_at DESC, id DESC"
        case .updated: return "updated_at, id"
        case .updatedDescending: return "updated_at DESC, id DESC"
        case .title: return "casefold(title), id"
        case .titleDescending: return "casefold(title) DESC, id DESC"
        }
    }
}

import Storage
import Testing

@testable import PostgresStorage

@Suite struct OwnerScopingSQLTests {
    @Test func everyTaskStatementIsScopedToTheOwner() {
        var statements = [PGTaskSQL.select, PGTaskSQL.update, PGTaskSQL.toggle, PGTaskSQL.delete]
        for status in TaskStatusFilter.allCases {
            for sort in TaskSortOrder.allCases {
                statements.append(PGTaskSQL.list(status: status, sort: sort, searching: false))
                statements.append(PGTaskSQL.list(status: status, sort: sort, searching: true))
            }
        }
        for sql in statements {
            #expect(sql.contains("WHERE user_id = $1"), "\(sql)")
        }
        #expect(PGTaskSQL.insert.contains("VALUES ($1,"))
        #expect(PGUserSQL.deleteTasks.contains("WHERE user_id = $1"))
    }

    @Test func searchIsLiteralAndTitleOrderIsByCodePoint() {
        let sql = PGTaskSQL.list(status: .all, sort: .title, searching: true)
        #expect(sql.contains("strpos(lower(title), lower($4::text)) > 0"))
        #expect(!sql.contains("LIKE"))
        #expect(sql.contains(#"ORDER BY lower(title) COLLATE "C", id"#))
        #expect(
            PGTaskSQL.list(status: .all, sort: .titleDescending, searching: false)
                .contains(#"ORDER BY lower(title) COLLATE "C" DESC, id DESC"#))
    }
}

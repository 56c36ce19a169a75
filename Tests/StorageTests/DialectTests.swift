import PostgresStorage
import SQLiteStorage
import Storage
import Testing

/// The SQL texts of both dialects, without a database.
@Suite struct DialectTests {
    /// Every task statement of a dialect, listings included.
    private func taskStatements(_ sql: SQLDialect.Tasks) -> [String] {
        var statements = [sql.select, sql.update, sql.toggle, sql.delete]
        for status in TaskStatusFilter.allCases {
            for sort in TaskSortOrder.allCases {
                statements.append(sql.list.text(status: status, sort: sort, searching: false))
                statements.append(sql.list.text(status: status, sort: sort, searching: true))
            }
        }
        return statements
    }

    @Test func bothDialectsListTheSameMigrationsAndScopeEveryTaskStatementToTheOwner() {
        let versions = Driver.allCases.map { $0.dialect.schema.migrations.map(\.version) }
        #expect(versions[0] == versions[1])
        for driver in Driver.allCases {
            let dialect = driver.dialect
            let migrations = dialect.schema.migrations
            #expect(migrations.map(\.version) == Array(1...migrations.count), "\(driver)")
            #expect(Migrator.latestVersion(dialect) == migrations.count, "\(driver)")

            let owner = driver.placeholder(1)
            for sql in taskStatements(dialect.tasks) {
                #expect(sql.contains("WHERE user_id = \(owner)"), "\(driver): \(sql)")
            }
            #expect(dialect.tasks.insert.contains("VALUES (\(owner),"), "\(driver)")
            #expect(dialect.users.deleteTasks.contains("WHERE user_id = \(owner)"), "\(driver)")
        }
    }

    @Test func searchIsLiteralAndTitleOrderIsByCodePoint() {
        let postgres = SQLDialect.postgres.tasks.list
        let sql = postgres.text(status: .all, sort: .title, searching: true)
        #expect(sql.contains("strpos(lower(title), lower($4::text)) > 0"))
        #expect(!sql.contains("LIKE"))
        #expect(sql.contains(#"ORDER BY lower(title) COLLATE "C", id"#))
        #expect(
            postgres.text(status: .all, sort: .titleDescending, searching: false)
                .contains(#"ORDER BY lower(title) COLLATE "C" DESC, id DESC"#))

        let sqlite = SQLDialect.sqlite.tasks.list.text(status: .all, sort: .title, searching: true)
        #expect(sqlite.contains("instr(casefold(title), ?4) > 0"))
        #expect(!sqlite.contains("LIKE"))
        #expect(sqlite.contains("ORDER BY casefold(title), id"))
    }
}

import Testing

@testable import PostgresStorage

@Suite struct PostgresURLTests {
    @Test func recognisesBothSchemesInAnyCase() {
        #expect(PostgresURL.isPostgres("postgres://u@h/db"))
        #expect(PostgresURL.isPostgres("postgresql://u:p@h:5432/db?sslmode=require"))
        #expect(PostgresURL.isPostgres("PostgreSQL://h/db"))
        #expect(!PostgresURL.isPostgres("sqlite:///tmp/x.db"))
        #expect(!PostgresURL.isPostgres("postgres:h/db"))
        #expect(!PostgresURL.isPostgres("host=h dbname=db"))
        #expect(!PostgresURL.isPostgres(""))
    }

    @Test func hidesPasswords() {
        #expect(
            PostgresURL.redacted("postgresql://ann:s3cr%40t@db.example.com:5432/todo?sslmode=require")
                == "postgresql://ann:***@db.example.com:5432/todo?sslmode=require")
        #expect(PostgresURL.redacted("postgres://ann@h/db") == "postgres://ann@h/db")
        #expect(
            PostgresURL.redacted("postgres://h/db?user=a&password=x&sslmode=require")
                == "postgres://h/db?user=a&password=***&sslmode=require")
        #expect(PostgresURL.redacted("postgres://a:b@h") == "postgres://a:***@h")
    }
}

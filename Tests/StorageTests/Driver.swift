import PostgresStorage
import SQLiteStorage
import Storage
import TestSupport
import Testing

/// A storage driver the store suite runs on: every store test takes one (`@Test(arguments: Driver.available)`).
enum Driver: CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    /// SQLite always; PostgreSQL too when PG_TEST_URL names a server (scripts/test.sh starts one and sets it).
    static var available: [Driver] {
        ScratchPostgresDatabase.serverURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }

    /// The driver's SQL texts.
    var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// How the driver writes placeholder `n` (`?1`, `$1`).
    func placeholder(_ number: Int) -> String {
        switch self {
        case .sqlite: "?\(number)"
        case .postgres: "$\(number)"
        }
    }
}

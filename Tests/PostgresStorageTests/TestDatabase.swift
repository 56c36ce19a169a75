import Foundation

@testable import PostgresStorage

/// A fresh, migrated database on the PostgreSQL server named by PG_TEST_URL (a URL of any database there that
/// may create databases), dropped when released. Tests that need it are enabled only when PG_TEST_URL is set
/// (scripts/test.sh starts a throwaway server with scripts/postgres.sh and sets it).
final class TestDatabase {
    /// PG_TEST_URL, or nil when no server is available.
    static let serverURL: String? = ProcessInfo.processInfo.environment["PG_TEST_URL"].flatMap { $0.isEmpty ? nil : $0 }

    let name: String
    let url: String
    let pool: PGPool

    init(poolSize: Int = 4) throws {
        guard let server = Self.serverURL else {
            throw PGError(kind: .connection, message: "PG_TEST_URL is not set")
        }
        name = "todo_swift_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let admin = try PGConnection(url: server)
        try admin.executeScript("CREATE DATABASE \(name)")
        admin.close()
        url = Self.url(server, database: name)
        pool = try PostgresDatabase.open(url: url, poolSize: poolSize)
    }

    deinit {
        pool.closeIdle()
        if let server = Self.serverURL, let admin = try? PGConnection(url: server) {
            try? admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            admin.close()
        }
    }

    /// `url` with its database (the path) replaced by `database`.
    static func url(_ url: String, database: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let queryStart = rest[pathStart...].firstIndex(of: "?") ?? rest.endIndex
        return String(url[..<pathStart]) + "/" + database + String(rest[queryStart...])
    }

    /// One connection of its own (outside the pool), for looking behind the stores' backs.
    func connection() throws -> PGConnection {
        try PGConnection(url: url)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A database of its own on the PostgreSQL server named by PG_TEST_URL (a URL of any database there whose user may
/// create databases), created empty and dropped when released. scripts/test.sh starts a throwaway server with
/// scripts/postgres.sh and sets PG_TEST_URL; without it the PostgreSQL tests do not run.
///
/// TestSupport links no driver: the caller says how to run a statement on the server (`runOnServer(url, sql)`,
/// with a `PGConnection` to `url`).
public final class ScratchPostgresDatabase {
    /// PG_TEST_URL, or nil when it is unset or empty (no server available).
    public static var serverURL: String? {
        guard let value = getenv("PG_TEST_URL").map({ String(cString: $0) }), !value.isEmpty else { return nil }
        return value
    }

    /// Thrown by `init` when PG_TEST_URL is not set.
    public struct NoServer: Error, CustomStringConvertible {
        public var description: String { "PG_TEST_URL is not set" }
    }

    /// The database's name: `todo_swift_` and 16 random hexadecimal digits.
    public let name: String
    /// PG_TEST_URL with its database replaced by this one.
    public let url: String
    private let server: String
    private let runOnServer: (_ url: String, _ sql: String) throws -> Void

    /// Creates the database on the server; `runOnServer(url, sql)` runs one statement on the database `url` names.
    public init(runOnServer: @escaping (_ url: String, _ sql: String) throws -> Void) throws {
        guard let server = Self.serverURL else {
            throw NoServer()
        }
        self.server = server
        self.runOnServer = runOnServer
        name = "todo_swift_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        url = Self.url(server, database: name)
        try runOnServer(server, "CREATE DATABASE \(name)")
    }

    deinit {
        try? runOnServer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// `url` with its database (the path) replaced by `database`.
    public static func url(_ url: String, database: String) -> String {
        var afterScheme: String.Index?
        var index = url.startIndex
        while index < url.endIndex, afterScheme == nil {
            if url[index...].hasPrefix("://") { afterScheme = url.index(index, offsetBy: 3) }
            index = url.index(after: index)
        }
        guard let afterScheme else { return url }
        let rest = url[afterScheme...]
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let queryStart = rest[pathStart...].firstIndex(of: "?") ?? rest.endIndex
        return String(url[..<pathStart]) + "/" + database + String(rest[queryStart...])
    }
}

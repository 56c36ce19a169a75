import Accounts
import PostgresStorage
import Storage
import TodoAPI

/// Which database the responder uses: PostgreSQL when DATABASE_URL is a `postgres://` or `postgresql://` URL,
/// else SQLite at DATABASE_PATH. Built once per process; its stores are what worker threads use.
enum DatabaseBackend: Sendable {
    /// One SQLite file; each worker thread opens its own connection.
    case sqlite(path: String)
    /// One pool of PostgreSQL connections shared by every worker thread.
    case postgres(PGPool)

    /// The backend `configuration` selects. Nothing connects yet.
    static func from(_ configuration: Configuration) -> DatabaseBackend {
        guard let url = configuration.databaseURL, PostgresURL.isPostgres(url) else {
            return .sqlite(path: configuration.databasePath)
        }
        // Unreachable server, lost connection, exhausted pool: the API answers 503, like a busy SQLite database.
        let pool = PGPool(url: url, size: configuration.postgresPoolSize) { StoreUnavailable($0.description) }
        return .postgres(pool)
    }

    /// The database for messages: the SQLite path, or the URL with its password hidden.
    var name: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let pool): return PostgresURL.redacted(pool.url)
        }
    }

    /// Applies pending schema migrations (creating the SQLite file if needed).
    ///
    /// - Returns: the schema version found and the version now in place.
    @discardableResult
    func migrate() throws -> (from: Int, to: Int) {
        switch self {
        case .sqlite(let path):
            let connection = try SQLiteConnection(path: path)
            defer { connection.close() }
            return try Migrator.migrate(connection)
        case .postgres(let pool):
            return try PostgresDatabase.migrate(pool)
        }
    }

    /// Runs `body` with a user store on a migrated database, closed afterwards (for one-off commands).
    func withUserStore<T>(_ body: (any UserStore) throws -> T) throws -> T {
        switch self {
        case .sqlite(let path):
            let connection = try Database.open(path: path)
            defer { connection.close() }
            return try body(SQLiteUserStore(connection: connection))
        case .postgres(let pool):
            try PostgresDatabase.migrate(pool)
            defer { pool.closeIdle() }
            return try body(PGUserStore(pool: pool))
        }
    }

    /// The stores of one worker thread: over its own SQLite connection, or over the shared pool.
    func stores(_ makeAccounts: (any UserStore) -> AccountService) throws -> APIStores {
        switch self {
        case .sqlite(let path):
            let connection = try SQLiteConnection(path: path)
            return APIStores(
                tasks: SQLiteTaskStore(connection: connection),
                accounts: makeAccounts(SQLiteUserStore(connection: connection)))
        case .postgres(let pool):
            return APIStores(tasks: PGTaskStore(pool: pool), accounts: makeAccounts(PGUserStore(pool: pool)))
        }
    }
}

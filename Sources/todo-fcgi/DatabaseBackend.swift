import Accounts
import PostgresStorage
import SQLiteStorage
import Storage
import TodoAPI

/// Which database the responder uses: PostgreSQL when DATABASE_URL is a `postgres://` or `postgresql://` URL,
/// else SQLite at DATABASE_PATH. Built once per process; the only place that names a driver for `serve`.
enum DatabaseBackend: Sendable {
    /// One SQLite file; each set of stores (`SharedStores`) opens its own connection.
    case sqlite(path: String)
    /// One pool of PostgreSQL connections shared by every worker thread.
    case postgres(PGPool)

    /// The backend `configuration` selects. Nothing connects yet.
    static func from(_ configuration: Configuration) -> DatabaseBackend {
        guard let url = configuration.databaseURL, PostgresURL.isPostgres(url) else {
            return .sqlite(path: configuration.databasePath)
        }
        return .postgres(PGPool(url: url, size: configuration.postgresPoolSize))
    }

    /// The database for messages: the SQLite path, or the URL with its password hidden.
    var name: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let pool): return PostgresURL.redacted(pool.url)
        }
    }

    /// An executor: a new SQLite connection, or the shared pool.
    func executor() throws(StorageError) -> any StorageExecutor {
        switch self {
        case .sqlite(let path): return try SQLiteConnection(path: path)
        case .postgres(let pool): return pool
        }
    }

    /// Applies pending schema migrations (creating the SQLite file if needed).
    ///
    /// - Returns: the schema version found and the version now in place.
    @discardableResult
    func migrate() throws(StorageError) -> (from: Int, to: Int) {
        try Migrator.migrate(executor())
    }

    /// Runs `body` with a user store on a migrated database, closed afterwards (for one-off commands).
    func withUserStore<T>(_ body: (any UserStore) throws -> T) throws -> T {
        let executor = try executor()
        defer { close(executor) }
        try Migrator.migrate(executor)
        return try body(SQLUserStore(executor))
    }

    /// One set of stores: over a SQLite connection of its own, or over the shared pool.
    func stores(_ makeAccounts: (any UserStore) -> AccountService) throws(StorageError) -> APIStores {
        let executor = try executor()
        return APIStores(tasks: SQLTaskStore(executor), accounts: makeAccounts(SQLUserStore(executor)))
    }

    /// Closes what `executor()` opened for a one-off command.
    private func close(_ executor: any StorageExecutor) {
        switch self {
        case .sqlite: (executor as? SQLiteConnection)?.close()
        case .postgres(let pool): pool.closeIdle()
        }
    }
}

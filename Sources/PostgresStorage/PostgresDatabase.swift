/// The entry point for the PostgreSQL backend.
public enum PostgresDatabase {
    /// The pool size when PG_POOL_SIZE is unset.
    public static let defaultPoolSize = 4

    /// Connects once to `url`, migrates the schema (under the advisory lock, so hosts may start together) and
    /// returns a pool of at most `poolSize` connections for the stores. The migrating connection becomes the
    /// pool's first.
    ///
    /// - Throws: `PGError` when the server cannot be reached, `MigrationError` when the schema is newer than this
    ///   code.
    public static func open(
        url: String, poolSize: Int = defaultPoolSize, unavailable: @escaping @Sendable (PGError) -> any Error = { $0 }
    ) throws -> PGPool {
        let pool = PGPool(url: url, size: poolSize, unavailable: unavailable)
        try migrate(pool)
        return pool
    }

    /// Applies pending migrations through one of `pool`'s connections.
    ///
    /// - Returns: the schema version found and the version now in place.
    @discardableResult
    public static func migrate(_ pool: PGPool) throws -> (from: Int, to: Int) {
        try pool.withConnection { try PGMigrator.migrate($0) }
    }
}

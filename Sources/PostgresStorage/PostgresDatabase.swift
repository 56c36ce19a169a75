import Storage

/// The entry point for the PostgreSQL driver.
public enum PostgresDatabase {
    /// The pool size when PG_POOL_SIZE is unset.
    public static let defaultPoolSize = 4

    /// Connects once to `url`, migrates the schema (under the advisory lock, so hosts may start together) and
    /// returns a pool of at most `poolSize` connections for the stores. The migrating connection becomes the
    /// pool's first.
    ///
    /// - Throws: `StorageError`: `.unavailable` when the server cannot be reached, `.schemaNewerThanCode` when the
    ///   schema is newer than this code.
    public static func open(url: String, poolSize: Int = defaultPoolSize) throws(StorageError) -> PGPool {
        let pool = PGPool(url: url, size: poolSize)
        try Migrator.migrate(pool)
        return pool
    }
}

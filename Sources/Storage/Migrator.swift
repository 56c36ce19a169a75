/// Brings a database's schema up to date through its executor, whatever the driver.
public enum Migrator {
    /// Applies every pending migration in one write transaction that first takes the dialect's migration lock and
    /// re-reads the version, so of several processes (or hosts) starting at once exactly one migrates and the
    /// others find the final version.
    ///
    /// - Returns: the schema version found under the lock and the version now in place (equal when another
    ///   process migrated meanwhile, or there was nothing to do).
    /// - Throws: `StorageError` of kind `.schemaNewerThanCode` when the database is newer than this code.
    @discardableResult
    public static func migrate(_ executor: any StorageExecutor) throws(StorageError) -> (from: Int, to: Int) {
        try migrate(executor, migrations: executor.dialect.schema.migrations)
    }

    /// The schema version recorded in the database (0 for a new one).
    public static func version(of executor: any StorageExecutor) throws(StorageError) -> Int {
        let schema = executor.dialect.schema
        return try executor.read { runner throws(StorageError) in try schema.readVersion(runner) }
    }

    /// The newest schema version `dialect` knows.
    public static func latestVersion(_ dialect: SQLDialect) -> Int {
        dialect.schema.migrations.last?.version ?? 0
    }

    /// `migrate` with the given migrations (tests use a shorter or longer list).
    public static func migrate(_ executor: any StorageExecutor, migrations: [Migration]) throws(StorageError)
        -> (from: Int, to: Int)
    {
        let schema = executor.dialect.schema
        let latest = migrations.last?.version ?? 0
        let initial = try version(of: executor)
        try check(initial, latest: latest)
        guard initial < latest else {
            return (initial, initial)
        }
        return try executor.write { runner throws(StorageError) in
            if let lock = schema.lockScript { try runner.executeScript(lock) }
            let found = try schema.readVersion(runner)
            try check(found, latest: latest)
            for migration in migrations where migration.version > found {
                try runner.executeScript(migration.sql)
            }
            if found < latest {
                try runner.executeScript(schema.setVersionScript(latest))
            }
            return (found, latest)
        }
    }

    private static func check(_ version: Int, latest: Int) throws(StorageError) {
        guard version <= latest else {
            throw StorageError.schemaNewerThanCode(found: version, known: latest)
        }
    }
}

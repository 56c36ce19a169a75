/// Brings a database's schema up to date, tracking its version in `PRAGMA user_version`.
public enum Migrator {
    /// Applies every pending migration in one `BEGIN IMMEDIATE` transaction that re-reads the version, so of
    /// several processes starting at once exactly one migrates and the others report the final version.
    ///
    /// - Returns: the schema version found under the lock and the version now in place (equal when another
    ///   process migrated meanwhile).
    /// - Throws: `MigrationError.databaseNewerThanCode` when the database is newer than this code, or `SQLiteError`.
    @discardableResult
    public static func migrate(_ connection: SQLiteConnection) throws -> (from: Int, to: Int) {
        try migrate(connection, migrations: Migration.all)
    }

    /// The schema version recorded in the database (0 for a new one).
    public static func version(of connection: SQLiteConnection) throws -> Int {
        let versions = try connection.query("PRAGMA user_version") { Int($0.int64(0)) }
        return versions.first ?? 0
    }

    static func migrate(_ connection: SQLiteConnection, migrations: [Migration]) throws -> (from: Int, to: Int) {
        let latest = migrations.last?.version ?? 0
        let initial = try version(of: connection)
        try check(initial, latest: latest)
        guard initial < latest else {
            return (initial, initial)
        }
        // One BEGIN IMMEDIATE around the whole run: the process that takes the lock first reads the version and
        // applies every pending migration; the others wait for it, then find the final version.
        return try connection.write {
            let found = try version(of: connection)
            try check(found, latest: latest)
            for migration in migrations where migration.version > found {
                try connection.executeScript(migration.sql)
            }
            if found < latest {
                try connection.executeScript("PRAGMA user_version = \(latest)")
            }
            return (found, latest)
        }
    }

    private static func check(_ version: Int, latest: Int) throws {
        guard version <= latest else {
            throw MigrationError.databaseNewerThanCode(databaseVersion: version, latestKnownVersion: latest)
        }
    }
}

/// Brings a database's schema up to date, tracking its version in `PRAGMA user_version`.
public enum Migrator {
    /// Applies every pending migration, each in its own `BEGIN IMMEDIATE` transaction that re-reads the version,
    /// so two processes starting at once apply each migration exactly once.
    ///
    /// - Returns: the schema version found and the version now in place.
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
        var current = initial
        for migration in migrations where migration.version > initial {
            current = try connection.write {
                // Another process may have migrated since we looked.
                let found = try version(of: connection)
                try check(found, latest: latest)
                guard found < migration.version else {
                    return found
                }
                try connection.executeScript(migration.sql)
                try connection.executeScript("PRAGMA user_version = \(migration.version)")
                return migration.version
            }
        }
        return (initial, current)
    }

    private static func check(_ version: Int, latest: Int) throws {
        guard version <= latest else {
            throw MigrationError.databaseNewerThanCode(databaseVersion: version, latestKnownVersion: latest)
        }
    }
}

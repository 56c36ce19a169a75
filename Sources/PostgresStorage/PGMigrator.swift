import Storage

/// Brings a PostgreSQL database's schema up to date, tracking its version in the one-row table `schema_version`.
public enum PGMigrator {
    /// The key of the transaction-scoped advisory lock a migration run takes (any constant; "todo" in ASCII).
    static let lockKey: Int64 = 0x746F_646F

    /// Creates the version table (once) and reads the version; run under the lock.
    static let versionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
          singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
          version integer NOT NULL
        )
        """
    static let selectVersion = "SELECT version FROM schema_version"
    static let setVersion = """
        INSERT INTO schema_version (singleton, version) VALUES (true, $1)
        ON CONFLICT (singleton) DO UPDATE SET version = excluded.version
        """

    /// Applies every pending migration in one transaction that first takes `pg_advisory_xact_lock` and re-reads
    /// the version, so of several hosts starting at once exactly one migrates (the others wait for the lock, then
    /// find nothing to do).
    ///
    /// - Returns: the schema version this process migrated from and the version now in place (equal when there
    ///   was nothing to do, including when another host did it meanwhile).
    /// - Throws: `MigrationError.databaseNewerThanCode` when the database is newer than this code, or `PGError`.
    @discardableResult
    public static func migrate(_ connection: PGConnection) throws -> (from: Int, to: Int) {
        try migrate(connection, migrations: PGMigration.all)
    }

    /// The schema version recorded in the database (0 for a new one).
    public static func version(of connection: PGConnection) throws -> Int {
        let exists = try connection.query("SELECT to_regclass('schema_version') IS NOT NULL") { $0.bool(0) }
        guard exists.first == true else { return 0 }
        return try connection.query(selectVersion) { Int($0.int64(0)) }.first ?? 0
    }

    static func migrate(_ connection: PGConnection, migrations: [PGMigration]) throws -> (from: Int, to: Int) {
        let latest = migrations.last?.version ?? 0
        let initial = try version(of: connection)
        try check(initial, latest: latest)
        guard initial < latest else {
            return (initial, initial)
        }
        // One transaction holding the advisory lock from reading the version to the last migration: exactly one
        // host migrates; the others wait for the lock, then find the final version.
        return try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [.integer(lockKey)])
            try connection.executeScript(versionTable)
            let found = try connection.query(selectVersion) { Int($0.int64(0)) }.first ?? 0
            try check(found, latest: latest)
            for migration in migrations where migration.version > found {
                try connection.executeScript(migration.sql)
            }
            if found < latest {
                try connection.execute(setVersion, [.integer(Int64(latest))])
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

/// The entry point for opening the application's database.
public enum Database {
    /// Opens the database at `path` (creating it and its directory if needed), configures the connection and
    /// migrates the schema. Open one connection per worker thread.
    public static func open(path: String) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path)
        try Migrator.migrate(connection)
        return connection
    }
}

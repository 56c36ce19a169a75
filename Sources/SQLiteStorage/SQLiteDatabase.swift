import Storage

/// The entry points of the SQLite driver.
public enum SQLiteDatabase {
    /// Opens the database at `path` (creating it and its directory if needed), configures the connection and
    /// migrates the schema. Use it from one thread at a time.
    public static func open(path: String) throws(StorageError) -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path)
        try Migrator.migrate(connection)
        return connection
    }

    /// Opens an existing database (someone else's, to import from or to inspect) for reading only, leaving it
    /// exactly as it is.
    public static func openReadOnly(path: String) throws(StorageError) -> SQLiteConnection {
        try SQLiteConnection(path: path, readOnly: true)
    }
}

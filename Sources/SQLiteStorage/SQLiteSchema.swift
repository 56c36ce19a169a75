import Storage

/// SQLite's schema: the migrations in its dialect, the version in `PRAGMA user_version`, and no lock of its own
/// (the migration's `BEGIN IMMEDIATE` already lets one process in at a time).
enum SQLiteSchema {
    static let schema = SQLDialect.Schema(
        migrations: Migration.numbered([
            tasksTable, accountsTables, revocationsTable, sessionsAndResetTables, coveringListIndex,
        ]),
        lockScript: nil,
        readVersion: { runner throws(StorageError) in
            Int(try runner.query("PRAGMA user_version") { $0.int64(0) }.first ?? 0)
        },
        setVersionScript: { "PRAGMA user_version = \($0)" })

    /// Version 1: tasks, with the owner first in every index.
    static let tasksTable = """
        CREATE TABLE tasks (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          user_id TEXT NOT NULL,
          title TEXT NOT NULL,
          description TEXT,
          completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
          created_at INTEGER NOT NULL, -- Unix milliseconds
          updated_at INTEGER NOT NULL  -- Unix milliseconds
        );
        CREATE INDEX tasks_owner_created ON tasks (user_id, created_at, id);
        CREATE INDEX tasks_owner_updated ON tasks (user_id, updated_at, id);
        """
}

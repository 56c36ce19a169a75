/// One step of the schema. The pending steps are applied together in one transaction, after which
/// `PRAGMA user_version` is the last step's `version`.
struct Migration: Sendable {
    let version: Int
    let sql: String

    /// Every migration in order, versions 1, 2, 3...; append new ones, never edit a released one.
    static let all: [Migration] = [
        Migration(version: 1, sql: tasksTable),
        Migration(version: 2, sql: accountsTables),
        Migration(version: 3, sql: revocationsTable),
    ]

    /// The newest schema version this code knows.
    static var latestVersion: Int { all.last?.version ?? 0 }

    private static let tasksTable = """
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

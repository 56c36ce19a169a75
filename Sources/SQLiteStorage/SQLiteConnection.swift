import CSQLite
import Storage

/// One SQLite connection, used by one thread at a time (opened `SQLITE_OPEN_NOMUTEX`, so not `Sendable`): the
/// SQLite driver's `StorageExecutor` and `StatementRunner`.
///
/// Statements are prepared once and cached by SQL text. Use a connection from one thread at a time (the responder
/// lends one to each request it answers): it reads, and its `write` blocks run on the one writer connection of this
/// process to the file (`WriterGate`).
public final class SQLiteConnection: StorageExecutor, StatementRunner {
    /// What a connection is for.
    enum Role {
        /// A worker's: reads here, writes through the gate's writer.
        case worker
        /// Someone else's database, to import from or to inspect: never written.
        case readOnly
        /// The gate's own writer, on which every write transaction of this process runs.
        case gateWriter
    }

    /// The database file this connection opened.
    public let path: String
    let role: Role
    var db: OpaquePointer?
    var statements: [String: OpaquePointer] = [:]
    /// Holds the writer connection; `write` takes it for its whole transaction: this process's writers of `path`
    /// take turns.
    let writerGate: WriterGate
    /// The gate's writer while this connection's `write` runs its block, so that a `write` inside it joins it.
    var activeWriter: SQLiteConnection?
    /// True while this connection counts in its gate's open connections.
    private var countedByGate = false

    /// Opens (creating if needed) the database at `path`, creating its parent directory (mode 0750) if missing,
    /// and configures the connection: WAL, `synchronous=NORMAL`, foreign keys, busy timeout, a small page cache
    /// and the `casefold(text)` SQL function. With `readOnly`, an existing database (someone else's, to import
    /// from) is opened for reading only and left exactly as it is: no directory, no journal mode, no pragmas.
    public convenience init(path: String, readOnly: Bool = false) throws(StorageError) {
        try self.init(path: path, role: readOnly ? .readOnly : .worker)
    }

    /// Opens a connection for `role` (`init(path:readOnly:)` describes the configuration).
    init(path: String, role: Role) throws(StorageError) {
        self.path = path
        self.role = role
        self.writerGate = WriterGate.gate(for: path)
        let readOnly = role == .readOnly
        if !readOnly { try Directory.createParent(of: path) }
        var handle: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let flags = access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError(code: code, db: handle)
            sqlite3_close_v2(handle)
            throw error.storageError
        }
        db = handle
        sqlite3_extended_result_codes(handle, 1)
        do {
            if readOnly { try execute("PRAGMA busy_timeout = 5000", []) } else { try configure() }
        } catch {
            close()
            throw error
        }
        if role == .worker {
            writerGate.connectionOpened()
            countedByGate = true
        }
    }

    deinit {
        close()
    }

    /// SQLite's SQL texts.
    public var dialect: SQLDialect { .sqlite }

    /// Finalizes every cached statement and closes the connection; later calls throw `SQLITE_MISUSE`.
    public func close() {
        for statement in statements.values {
            sqlite3_finalize(statement)
        }
        statements.removeAll()
        if let db {
            sqlite3_close_v2(db)
            self.db = nil
        }
        if countedByGate {
            countedByGate = false
            writerGate.connectionClosed()
        }
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    public var changes: Int {
        db.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool {
        db.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    private func configure() throws(StorageError) {
        // Set first, so that switching to WAL waits for another process that is doing the same.
        try execute("PRAGMA busy_timeout = 5000", [])
        // WAL is persistent: once set, asking again would only take a lock for nothing (and can meet another
        // process's migration transaction), so it is switched only when the file is not in WAL mode yet.
        if try query("PRAGMA journal_mode", [], row: { $0.text(0) }).first?.lowercased() != "wal" {
            try switchToWAL()
        }
        // WAL with synchronous=NORMAL survives a crash of the process (the WAL is in the OS's page cache) but may
        // lose the last commits on power loss or an OS crash; the database stays consistent. We may revisit
        // (FULL) if acknowledged writes must survive power loss.
        try execute("PRAGMA synchronous = NORMAL", [])
        // A busy period can grow the WAL far past its checkpoint size while readers hold old snapshots; once a
        // checkpoint gets through, the file is truncated back to this (64 MiB) instead of keeping its peak size.
        try query("PRAGMA journal_size_limit = 67108864", []) { _ in }
        try execute("PRAGMA foreign_keys = ON", [])
        // Negative means KiB: 256 KiB per connection, one per request answered at once (with 1 MiB and a connection
        // per worker, 32 workers held 65 MB under `make bench`; with 256 KiB, 40 MB at the same rate: the OS page
        // cache serves the rest; a quarter of it, 64 KiB, cost a quarter more CPU per list request).
        try execute("PRAGMA cache_size = -256", [])
        try registerCasefold()
    }

    /// Switches a new file to WAL. The switch needs an exclusive lock for a moment, and SQLite answers a process
    /// that meets another one's switch (or its first transaction) "database is locked" at once, without its busy
    /// handler: two processes opening a fresh file together failed about once in a hundred. So a busy answer is
    /// retried for up to the busy timeout (5 s), and a file another process switched meanwhile is left as it is.
    private func switchToWAL() throws(StorageError) {
        var pause: Int32 = 1
        var waited: Int32 = 0
        while true {
            do {
                try query("PRAGMA journal_mode = WAL", []) { _ in }
                return
            } catch  where error.kind == .busy && waited < 5_000 {
                sqlite3_sleep(pause)
                waited += pause
                pause = min(pause * 2, 50)
                let mode = try? query("PRAGMA journal_mode", [], row: { $0.text(0) }).first
                if mode?.lowercased() == "wal" { return }
            }
        }
    }

    /// The open handle, or `SQLITE_MISUSE` once closed.
    func handle() throws(StorageError) -> OpaquePointer {
        guard let db else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "connection is closed").storageError
        }
        return db
    }
}

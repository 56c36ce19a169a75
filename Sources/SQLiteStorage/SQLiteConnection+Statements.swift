import CSQLite
import Storage

extension SQLiteConnection {
    /// Runs one statement with `values` (for `?1`, `?2`... in order) and calls `body` with every row it returns.
    ///
    /// The statement is prepared on first use and cached by its SQL text, so SQL must be static text with
    /// placeholders, never text built from values. After use it is reset and its bindings cleared; a statement
    /// that fails is finalized and evicted from the cache. `body` must not keep the row it is given.
    public func forEachRow(_ sql: String, _ values: [StorageValue], _ body: (any StorageRow) -> Void)
        throws(StorageError)
    {
        try withStatement(sql, values) { statement throws(StorageError) in
            while try step(statement, sql: sql) {
                body(SQLiteRow(statement: statement))
            }
        }
    }

    /// Runs one statement with `values`, ignoring any rows, and returns how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ values: [StorageValue]) throws(StorageError) -> Int {
        try withStatement(sql, values) { statement throws(StorageError) in
            while try step(statement, sql: sql) {}
            return changes
        }
    }

    /// Runs a script of several statements with no values (used by migrations); nothing is cached.
    public func executeScript(_ sql: String) throws(StorageError) {
        let db = try handle()
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            throw SQLiteError(code: code, message: text).storageError
        }
    }

    /// How many prepared statements the cache holds.
    var cachedStatementCount: Int { statements.count }

    /// The cached statement for `sql`, prepared now if needed.
    func cachedStatement(_ sql: String) throws(StorageError) -> OpaquePointer {
        if let statement = statements[sql] {
            return statement
        }
        let statement = try prepare(sql)
        statements[sql] = statement
        return statement
    }

    private func withStatement<R>(
        _ sql: String,
        _ values: [StorageValue],
        _ body: (OpaquePointer) throws(StorageError) -> R
    ) throws(StorageError) -> R {
        let statement = try cachedStatement(sql)
        do {
            try bind(values, to: statement, sql: sql)
            let result = try body(statement)
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            return result
        } catch {
            statements[sql] = nil
            sqlite3_finalize(statement)
            throw error
        }
    }

    /// Steps once: true when a row is available, false when done.
    private func step(_ statement: OpaquePointer, sql: String) throws(StorageError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        case let code:
            throw SQLiteError(code: code, db: db, sql: sql).storageError
        }
    }

    private func prepare(_ sql: String) throws(StorageError) -> OpaquePointer {
        let db = try handle()
        var statement: OpaquePointer?
        var extra = false
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            extra = tail.map { !String(cString: $0).allSatisfy(\.isWhitespace) } ?? false
            return code
        }
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, db: db, sql: sql).storageError
        }
        guard let statement, !extra else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: SQLITE_MISUSE, message: "expected exactly one statement", sql: sql).storageError
        }
        return statement
    }

    private func bind(_ values: [StorageValue], to statement: OpaquePointer, sql: String) throws(StorageError) {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == values.count else {
            let message = "expected \(expected) bound values, got \(values.count)"
            throw SQLiteError(code: SQLITE_RANGE, message: message, sql: sql).storageError
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(statement, index)
            case .integer(let number):
                code = sqlite3_bind_int64(statement, index, number)
            case .bool(let flag):
                code = sqlite3_bind_int64(statement, index, flag ? 1 : 0)
            case .text(let text):
                code = bindText(text, to: statement, at: index)
            case .bytes(let bytes):
                code = bindBlob(bytes, to: statement, at: index)
            }
            guard code == SQLITE_OK else {
                throw SQLiteError(code: code, db: db, sql: sql).storageError
            }
        }
    }

    /// Binds UTF-8 text with its explicit byte length (so NUL characters survive), copied by SQLite.
    private func bindText(_ text: String, to statement: OpaquePointer, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            // An empty buffer may have no address, and a null pointer would bind NULL instead of "".
            guard let base = bytes.baseAddress else {
                return sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
            }
            let chars = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            return sqlite3_bind_text64(
                statement, index, chars, sqlite3_uint64(bytes.count), sqliteTransient, UInt8(SQLITE_UTF8))
        }
    }

    /// Binds bytes as a BLOB (an empty array binds a zero-length BLOB, not NULL), copied by SQLite.
    private func bindBlob(_ bytes: [UInt8], to statement: OpaquePointer, at index: Int32) -> Int32 {
        guard !bytes.isEmpty else {
            return sqlite3_bind_zeroblob(statement, index, 0)
        }
        return bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob64(statement, index, raw.baseAddress, sqlite3_uint64(raw.count), sqliteTransient)
        }
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bytes before the bind call returns (the C macro is not imported).
var sqliteTransient: sqlite3_destructor_type {
    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

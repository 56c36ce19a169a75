import CPostgreSQL
import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension PGConnection {
    /// Runs one statement with `values` (for `$1`, `$2`...) and calls `body` with every row it returns.
    ///
    /// The statement is prepared (`PQprepare`) on its first use on this connection and cached by its SQL text, so
    /// SQL must be static text with placeholders, never text built from values. `body` must not keep the row.
    public func forEachRow(_ sql: String, _ values: [StorageValue], _ body: (any StorageRow) -> Void)
        throws(StorageError)
    {
        let result = try PGError.mapped { try run(sql, values) }
        defer { PQclear(result) }
        for index in 0..<PQntuples(result) {
            body(PGRow(result: result, index: index))
        }
    }

    /// Runs one statement with `values`, ignoring any rows, and returns how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ values: [StorageValue]) throws(StorageError) -> Int {
        let result = try PGError.mapped { try run(sql, values) }
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Runs a script of several statements with no values (migrations, `BEGIN`, `COMMIT`); nothing is cached.
    public func executeScript(_ sql: String) throws(StorageError) {
        try PGError.mapped {
            let conn = try handle(sql: sql)
            let result = PQexec(conn, sql)
            defer { PQclear(result) }
            try check(result, sql: sql)
        }
    }

    /// How many prepared statements this connection holds.
    var cachedStatementCount: Int { statements.count }

    /// Executes the cached prepared statement for `sql`; the caller clears the result.
    private func run(_ sql: String, _ values: [StorageValue]) throws -> OpaquePointer {
        let conn = try handle(sql: sql)
        let name = try preparedName(sql, conn: conn)
        let texts = values.map { PGValueFormat.text($0).map { strdup($0) } ?? nil }
        defer {
            for text in texts { free(text) }
        }
        let pointers = texts.map { $0.map { UnsafePointer($0) } }
        let result = PQexecPrepared(conn, name, Int32(pointers.count), pointers, nil, nil, 0)
        do {
            try check(result, sql: sql)
        } catch let error as PGError {
            PQclear(result)
            // The statement is gone (e.g. DEALLOCATE ALL by a pooler) or its plan no longer fits the schema.
            if error.sqlState == "26000" || error.sqlState == "0A000" {
                statements[sql] = nil
            }
            throw error
        }
        guard let result else {
            throw connectionError(sql: sql)
        }
        return result
    }

    /// The name of the prepared statement for `sql` on this session, preparing it now if needed.
    private func preparedName(_ sql: String, conn: OpaquePointer) throws -> String {
        if let name = statements[sql] {
            return name
        }
        preparedCount += 1
        let name = "todo_\(preparedCount)"
        let result = PQprepare(conn, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result, sql: sql)
        statements[sql] = name
        return name
    }

    /// Throws unless `result` reports success.
    private func check(_ result: OpaquePointer?, sql: String) throws {
        guard let result else {
            throw connectionError(sql: sql)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            throw serverError(result, sql: sql)
        }
    }

    /// The error `result` carries: a connection error when the connection broke, else the server's SQLSTATE and
    /// primary message (data exceptions, which may quote a value, get a generic message).
    private func serverError(_ result: OpaquePointer, sql: String) -> PGError {
        let sqlState = field(result, "C")
        if !isConnected || sqlState == nil {
            return isConnected
                ? PGError(kind: .unexpected, message: field(result, "M") ?? "unknown error", sql: sql)
                : connectionError(sql: sql)
        }
        let message: String
        if let sqlState, sqlState.hasPrefix("22") {
            message = "data exception"
        } else {
            message = field(result, "M") ?? "unknown error"
        }
        return PGError(kind: .server, sqlState: sqlState, message: message, sql: sql)
    }

    /// One field of an error result (`C`: SQLSTATE, `M`: primary message).
    private func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
    }
}

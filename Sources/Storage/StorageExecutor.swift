/// Runs statements for the stores, in GRDB's shape: `read { }` for queries, `write { }` for changes, each block
/// given a `StatementRunner`. A driver implements it once (SQLite: one connection per thread; PostgreSQL: a
/// shared pool) and the stores are written once over it.
public protocol StorageExecutor: AnyObject {
    /// The SQL texts of this driver's database.
    var dialect: SQLDialect { get }

    /// Runs `body`, which only reads, on a connection (no transaction is promised for a single statement).
    func read<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T

    /// Runs `body` in one write transaction and commits, or rolls back when it throws. A conflict with other
    /// writers may run the whole block again, so `body` must only touch the database. Called inside another
    /// `write`, `body` joins the open transaction.
    func write<T>(_ body: (any StatementRunner) throws(StorageError) -> T) throws(StorageError) -> T
}

/// Runs one statement at a time on one connection. SQL must be static text with the dialect's placeholders
/// (statements are prepared once and cached by their text), never text built from values.
public protocol StatementRunner {
    /// Runs one statement with `values` bound to its placeholders in order and calls `body` with every row it
    /// returns, in order. `body` must not keep the row it is given. Not generic, so that `query` (below) is
    /// specialized where it is called: a generic requirement, called through `any StatementRunner`, looked up
    /// `Array<T>`'s metadata at run time for every row appended (a tenth of a list request's instructions).
    func forEachRow(_ sql: String, _ values: [StorageValue], _ body: (any StorageRow) -> Void) throws(StorageError)

    /// Runs one statement with `values`, ignoring any rows, and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ values: [StorageValue]) throws(StorageError) -> Int

    /// Runs a script of several statements with no values (migrations); nothing is cached.
    func executeScript(_ sql: String) throws(StorageError)
}

extension StatementRunner {
    /// Runs one statement with `values` bound to its placeholders in order and maps every row it returns.
    /// `row` must not keep the row it is given.
    @inlinable
    @discardableResult
    public func query<T>(_ sql: String, _ values: [StorageValue], row: (any StorageRow) -> T) throws(StorageError)
        -> [T]
    {
        var rows: [T] = []
        try forEachRow(sql, values) { rows.append(row($0)) }
        return rows
    }

    /// `query` with no values.
    public func query<T>(_ sql: String, row: (any StorageRow) -> T) throws(StorageError) -> [T] {
        try query(sql, [], row: row)
    }

    /// `execute` with no values.
    @discardableResult
    public func execute(_ sql: String) throws(StorageError) -> Int {
        try execute(sql, [])
    }
}

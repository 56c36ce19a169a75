/// `TaskStore` over any driver's executor, written once: the dialect supplies the SQL texts. Use it as its
/// executor allows (SQLite's connection: one thread at a time; PostgreSQL's pool: every thread).
public final class SQLTaskStore: TaskStore {
    private let executor: any StorageExecutor
    private let sql: SQLDialect.Tasks
    private let pingSQL: String

    /// A store on `executor`, whose database must already be migrated.
    public init(_ executor: any StorageExecutor) {
        self.executor = executor
        self.sql = executor.dialect.tasks
        self.pingSQL = executor.dialect.ping
    }

    public func list(owner: String, query: TaskListQuery) throws(StorageError) -> [TaskRecord] {
        let statement = listStatement(owner, query)
        return try executor.read { runner throws(StorageError) in
            try Self.records(runner, statement.sql, statement.values, owner: owner)
        }
    }

    public func forEachTask(owner: String, query: TaskListQuery, _ body: (TaskRowView) -> Void)
        throws(StorageError)
    {
        let statement = listStatement(owner, query)
        try executor.read { runner throws(StorageError) in
            try runner.forEachRow(statement.sql, statement.values) { body(TaskRowView(row: $0, owner: owner)) }
        }
    }

    private func listStatement(_ owner: String, _ query: TaskListQuery) -> (sql: String, values: [StorageValue]) {
        var values: [StorageValue] = [.text(owner), .integer(Int64(query.limit)), .integer(Int64(query.offset))]
        if let search = query.search {
            values.append(.text(sql.searchArgument(search)))
        }
        return (sql.list.text(status: query.status, sort: query.sort, searching: query.search != nil), values)
    }

    public func create(owner: String, title: String, description: String?, now: Int64) throws(StorageError)
        -> TaskRecord
    {
        let values: [StorageValue] = [.text(owner), .text(title), .text(orNull: description), .integer(now)]
        let rows = try executor.write { runner throws(StorageError) in
            try Self.records(runner, sql.insert, values, owner: owner)
        }
        guard let record = rows.first else {
            throw StorageError(.failure, "INSERT returned no row in `\(sql.insert)`")
        }
        return record
    }

    public func get(owner: String, id: Int64) throws(StorageError) -> TaskRecord? {
        try executor.read { runner throws(StorageError) in
            try Self.records(runner, sql.select, [.text(owner), .integer(id)], owner: owner).first
        }
    }

    public func update(owner: String, id: Int64, changes: TaskChanges, now: Int64) throws(StorageError)
        -> TaskRecord?
    {
        guard !changes.isEmpty else {
            return try get(owner: owner, id: id)
        }
        let values: [StorageValue] = [
            .text(owner), .integer(id),
            .text(orNull: changes.title),
            .bool(changes.description != nil), .text(orNull: changes.description ?? nil),
            changes.completed.map(StorageValue.bool) ?? .null,
            .integer(now),
        ]
        return try executor.write { runner throws(StorageError) in
            try Self.records(runner, sql.update, values, owner: owner).first
        }
    }

    public func toggle(owner: String, id: Int64, now: Int64) throws(StorageError) -> TaskRecord? {
        let values: [StorageValue] = [.text(owner), .integer(id), .integer(now)]
        return try executor.write { runner throws(StorageError) in
            try Self.records(runner, sql.toggle, values, owner: owner).first
        }
    }

    public func delete(owner: String, id: Int64) throws(StorageError) -> Bool {
        try executor.write { runner throws(StorageError) in
            try runner.execute(sql.delete, [.text(owner), .integer(id)]) > 0
        }
    }

    public func ping() throws(StorageError) {
        let text = pingSQL
        _ = try executor.read { runner throws(StorageError) in try runner.execute(text, []) }
    }
}

extension SQLTaskStore {
    /// The task rows of `sql`, collected into concrete `[TaskRecord]` (no generic code on the row loop).
    fileprivate static func records(
        _ runner: any StatementRunner, _ sql: String, _ values: [StorageValue], owner: String
    ) throws(StorageError) -> [TaskRecord] {
        var records: [TaskRecord] = []
        try runner.forEachRow(sql, values) { records.append(TaskRecord(row: $0, owner: owner)) }
        return records
    }
}

extension TaskRecord {
    /// Reads a row in the column order of every task statement: id, user_id, title, description, completed,
    /// created_at, updated_at. Every statement matches (or inserts) `user_id = owner`, a byte-for-byte equality, so
    /// the column is not read: the owner's string is shared instead of a new one made for every row.
    init(row: any StorageRow, owner: String) {
        self.init(
            id: row.int64(0),
            userId: owner,
            title: row.text(2),
            description: row.optionalText(3),
            completed: row.bool(4),
            createdAt: row.int64(5),
            updatedAt: row.int64(6)
        )
    }
}

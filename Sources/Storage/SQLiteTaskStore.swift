import CSQLite

/// `TaskStore` on one `SQLiteConnection`; like the connection, use it from one thread at a time.
public final class SQLiteTaskStore: TaskStore {
    private let connection: SQLiteConnection

    /// A store on `connection`, which must already be migrated (see `Database.open`).
    public init(connection: SQLiteConnection) {
        self.connection = connection
    }

    public func list(owner: String, query: TaskListQuery) throws -> [TaskRecord] {
        let search = query.search.map(Casefold.fold)
        let sql = TaskSQL.list(status: query.status, sort: query.sort, searching: search != nil)
        var bindings: [SQLiteValue] = [.text(owner), .integer(Int64(query.limit)), .integer(Int64(query.offset))]
        if let search {
            bindings.append(.text(search))
        }
        return try connection.query(sql, bindings, row: TaskRecord.init(row:))
    }

    public func create(owner: String, title: String, description: String?, now: Int64) throws -> TaskRecord {
        let bindings: [SQLiteValue] = [.text(owner), .text(title), .text(orNull: description), .integer(now)]
        let rows = try connection.write {
            try connection.query(TaskSQL.insert, bindings, row: TaskRecord.init(row:))
        }
        guard let record = rows.first else {
            throw SQLiteError(code: SQLITE_ERROR, message: "INSERT returned no row", sql: TaskSQL.insert)
        }
        return record
    }

    public func get(owner: String, id: Int64) throws -> TaskRecord? {
        try connection.query(TaskSQL.select, [.text(owner), .integer(id)], row: TaskRecord.init(row:)).first
    }

    public func update(owner: String, id: Int64, changes: TaskChanges, now: Int64) throws -> TaskRecord? {
        guard !changes.isEmpty else {
            return try get(owner: owner, id: id)
        }
        let bindings: [SQLiteValue] = [
            .text(owner), .integer(id),
            .text(orNull: changes.title),
            .bool(changes.description != nil), .text(orNull: changes.description ?? nil),
            changes.completed.map(SQLiteValue.bool) ?? .null,
            .integer(now),
        ]
        return try connection.write {
            try connection.query(TaskSQL.update, bindings, row: TaskRecord.init(row:)).first
        }
    }

    public func toggle(owner: String, id: Int64, now: Int64) throws -> TaskRecord? {
        let bindings: [SQLiteValue] = [.text(owner), .integer(id), .integer(now)]
        return try connection.write {
            try connection.query(TaskSQL.toggle, bindings, row: TaskRecord.init(row:)).first
        }
    }

    public func delete(owner: String, id: Int64) throws -> Bool {
        try connection.write {
            try connection.execute(TaskSQL.delete, [.text(owner), .integer(id)]) > 0
        }
    }

    public func ping() throws {
        try connection.query("SELECT 1") { _ in }
    }
}

extension TaskRecord {
    /// Reads a row in `TaskSQL.columns` order.
    fileprivate init(row: SQLiteRow) {
        self.init(
            id: row.int64(0),
            userId: row.text(1),
            title: row.text(2),
            description: row.optionalText(3),
            completed: row.bool(4),
            createdAt: row.int64(5),
            updatedAt: row.int64(6)
        )
    }
}

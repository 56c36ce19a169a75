import Storage

/// `TaskStore` on a `PGPool`: each call borrows one connection for its duration, so one store serves every
/// worker thread. Same semantics as `SQLiteTaskStore` (owner scoping, ordering, literal search, strictly moving
/// `updatedAt`).
public final class PGTaskStore: TaskStore, Sendable {
    private let pool: PGPool

    /// A store on `pool`, whose database must already be migrated (see `PostgresDatabase.open`).
    public init(pool: PGPool) {
        self.pool = pool
    }

    public func list(owner: String, query: TaskListQuery) throws -> [TaskRecord] {
        let sql = PGTaskSQL.list(status: query.status, sort: query.sort, searching: query.search != nil)
        var parameters: [PGValue] = [.text(owner), .integer(Int64(query.limit)), .integer(Int64(query.offset))]
        if let search = query.search {
            parameters.append(.text(search))
        }
        return try pool.withConnection { try $0.query(sql, parameters, row: TaskRecord.init(row:)) }
    }

    public func create(owner: String, title: String, description: String?, now: Int64) throws -> TaskRecord {
        let parameters: [PGValue] = [.text(owner), .text(title), .text(orNull: description), .integer(now)]
        let rows = try pool.withConnection { try $0.query(PGTaskSQL.insert, parameters, row: TaskRecord.init(row:)) }
        guard let record = rows.first else {
            throw PGError(kind: .unexpected, message: "INSERT returned no row", sql: PGTaskSQL.insert)
        }
        return record
    }

    public func get(owner: String, id: Int64) throws -> TaskRecord? {
        try pool.withConnection {
            try $0.query(PGTaskSQL.select, [.text(owner), .integer(id)], row: TaskRecord.init(row:)).first
        }
    }

    public func update(owner: String, id: Int64, changes: TaskChanges, now: Int64) throws -> TaskRecord? {
        guard !changes.isEmpty else {
            return try get(owner: owner, id: id)
        }
        let parameters: [PGValue] = [
            .text(owner), .integer(id),
            .text(orNull: changes.title),
            .bool(changes.description != nil), .text(orNull: changes.description ?? nil),
            changes.completed.map(PGValue.bool) ?? .null,
            .integer(now),
        ]
        return try pool.withConnection {
            try $0.query(PGTaskSQL.update, parameters, row: TaskRecord.init(row:)).first
        }
    }

    public func toggle(owner: String, id: Int64, now: Int64) throws -> TaskRecord? {
        let parameters: [PGValue] = [.text(owner), .integer(id), .integer(now)]
        return try pool.withConnection {
            try $0.query(PGTaskSQL.toggle, parameters, row: TaskRecord.init(row:)).first
        }
    }

    public func delete(owner: String, id: Int64) throws -> Bool {
        try pool.withConnection { try $0.execute(PGTaskSQL.delete, [.text(owner), .integer(id)]) > 0 }
    }

    public func ping() throws {
        try pool.withConnection { _ = try $0.execute("SELECT 1") }
    }
}

extension TaskRecord {
    /// Reads a row in `PGTaskSQL.columns` order.
    fileprivate init(row: PGRow) {
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

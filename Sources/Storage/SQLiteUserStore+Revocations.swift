extension SQLiteUserStore {
    public func recordRevocation(_ revocation: Revocation, pruneBefore: Int64) throws {
        let bindings: [SQLiteValue] = [
            .text(revocation.kind.rawValue), .text(revocation.id), .integer(revocation.revokedAt),
        ]
        try connection.write {
            try connection.execute(RevocationSQL.record, bindings)
            try connection.execute(RevocationSQL.prune, [.integer(pruneBefore)])
        }
    }

    public func revocations(after since: Int64) throws -> [Revocation] {
        try connection.query(RevocationSQL.since, [.integer(since)]) { row in
            Revocation(Revocation.Kind(rawValue: row.text(0)) ?? .subject, id: row.text(1), revokedAt: row.int64(2))
        }
    }
}

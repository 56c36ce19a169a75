extension SQLUserStore {
    public func recordRevocation(_ revocation: Revocation, pruneBefore: Int64) throws(StorageError) {
        let values: [StorageValue] = [
            .text(revocation.kind.rawValue), .text(revocation.id), .integer(revocation.revokedAt),
        ]
        try executor.write { runner throws(StorageError) in
            try runner.execute(sql.revocations.record, values)
            try runner.execute(sql.revocations.prune, [.integer(pruneBefore)])
        }
    }

    public func revocations(after since: Int64) throws(StorageError) -> [Revocation] {
        try executor.read { runner throws(StorageError) in
            try runner.query(sql.revocations.since, [.integer(since)]) { row in
                Revocation(
                    Revocation.Kind(rawValue: row.text(0)) ?? .subject, id: row.text(1), revokedAt: row.int64(2))
            }
        }
    }
}

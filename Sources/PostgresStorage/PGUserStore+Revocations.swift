import Storage

extension PGUserStore {
    public func recordRevocation(_ revocation: Revocation, pruneBefore: Int64) throws {
        let parameters: [PGValue] = [
            .text(revocation.kind.rawValue), .text(revocation.id), .integer(revocation.revokedAt),
        ]
        try pool.withConnection { connection in
            try connection.transaction {
                try connection.execute(PGRevocationSQL.record, parameters)
                try connection.execute(PGRevocationSQL.prune, [.integer(pruneBefore)])
            }
        }
    }

    public func revocations(after since: Int64) throws -> [Revocation] {
        try pool.withConnection { connection in
            try connection.query(PGRevocationSQL.since, [.integer(since)]) { row in
                Revocation(
                    Revocation.Kind(rawValue: row.text(0)) ?? .subject, id: row.text(1), revokedAt: row.int64(2))
            }
        }
    }
}

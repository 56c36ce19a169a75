import Storage

/// `UserStore` on a `PGPool`: each call borrows one connection for its duration, so one store serves every
/// worker thread. Same semantics as `SQLiteUserStore`; every multi-statement change is one transaction.
public final class PGUserStore: UserStore, Sendable {
    let pool: PGPool

    /// A store on `pool`, whose database must already be migrated (see `PostgresDatabase.open`).
    public init(pool: PGPool) {
        self.pool = pool
    }

    public func insert(_ user: UserRecord) throws -> Bool {
        try pool.withConnection { try $0.execute(PGUserSQL.insert, user.parameters) > 0 }
    }

    public func user(email: String) throws -> UserRecord? {
        let email = UserRecord.normalizedEmail(email)
        return try pool.withConnection {
            try $0.query(PGUserSQL.selectByEmail, [.text(email)], row: UserRecord.init(row:)).first
        }
    }

    public func user(id: String) throws -> UserRecord? {
        try pool.withConnection { try $0.query(PGUserSQL.selectByID, [.text(id)], row: UserRecord.init(row:)).first }
    }

    public func deleteUserAndData(id: String) throws -> Bool {
        try pool.withConnection { connection in
            try connection.transaction {
                guard try connection.execute(PGUserSQL.delete, [.text(id)]) > 0 else {
                    return false
                }
                try connection.execute(PGUserSQL.deleteTasks, [.text(id)])
                try connection.execute(PGUserSQL.deleteRefreshTokens, [.text(id)])
                return true
            }
        }
    }

    public func importUsers(_ users: [UserRecord]) throws -> ImportReport {
        try pool.withConnection { connection in
            try connection.transaction {
                var report = ImportReport(imported: 0, skippedIDs: [])
                for user in users {
                    if try connection.execute(PGUserSQL.importOne, user.parameters) > 0 {
                        report.imported += 1
                    } else {
                        report.skippedIDs.append(user.id)
                    }
                }
                return report
            }
        }
    }
}

extension UserRecord {
    /// Reads a row in `PGUserSQL.columns` order.
    fileprivate init(row: PGRow) {
        self.init(
            id: row.text(0),
            name: row.text(1),
            email: row.text(2),
            emailVerified: row.bool(3),
            image: row.optionalText(4),
            passwordHash: row.optionalText(5),
            createdAt: row.int64(6),
            updatedAt: row.int64(7)
        )
    }

    /// The values for `$1...$8` in `PGUserSQL.columns` order, with the email normalised.
    fileprivate var parameters: [PGValue] {
        [
            .text(id), .text(name), .text(UserRecord.normalizedEmail(email)), .bool(emailVerified),
            .text(orNull: image), .text(orNull: passwordHash), .integer(createdAt), .integer(updatedAt),
        ]
    }
}

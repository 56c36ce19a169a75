/// `UserStore` on one `SQLiteConnection`; like the connection, use it from one thread at a time.
public final class SQLiteUserStore: UserStore {
    let connection: SQLiteConnection

    /// A store on `connection`, which must already be migrated (see `Database.open`).
    public init(connection: SQLiteConnection) {
        self.connection = connection
    }

    public func insert(_ user: UserRecord) throws -> Bool {
        try connection.write {
            try connection.execute(UserSQL.insert, user.bindings) > 0
        }
    }

    public func user(email: String) throws -> UserRecord? {
        let email = UserRecord.normalizedEmail(email)
        return try connection.query(UserSQL.selectByEmail, [.text(email)], row: UserRecord.init(row:)).first
    }

    public func user(id: String) throws -> UserRecord? {
        try connection.query(UserSQL.selectByID, [.text(id)], row: UserRecord.init(row:)).first
    }

    public func deleteUserAndData(id: String) throws -> Bool {
        try connection.write {
            guard try connection.execute(UserSQL.delete, [.text(id)]) > 0 else {
                return false
            }
            try connection.execute(UserSQL.deleteTasks, [.text(id)])
            try connection.execute(UserSQL.deleteRefreshTokens, [.text(id)])
            return true
        }
    }

    public func importUsers(_ users: [UserRecord]) throws -> ImportReport {
        try connection.write {
            var report = ImportReport(imported: 0, skippedIDs: [])
            for user in users {
                if try connection.execute(UserSQL.importOne, user.bindings) > 0 {
                    report.imported += 1
                } else {
                    report.skippedIDs.append(user.id)
                }
            }
            return report
        }
    }
}

extension UserRecord {
    /// Reads a row in `UserSQL.columns` order.
    fileprivate init(row: SQLiteRow) {
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

    /// The values for `?1...?8` in `UserSQL.columns` order, with the email normalised.
    fileprivate var bindings: [SQLiteValue] {
        [
            .text(id), .text(name), .text(UserRecord.normalizedEmail(email)), .bool(emailVerified),
            .text(orNull: image), .text(orNull: passwordHash), .integer(createdAt), .integer(updatedAt),
        ]
    }
}

/// `UserStore` over any driver's executor, written once: the dialect supplies the SQL texts, and every change of
/// more than one statement is one write transaction. Use it as its executor allows.
public final class SQLUserStore: UserStore {
    let executor: any StorageExecutor
    let sql: SQLDialect

    /// A store on `executor`, whose database must already be migrated.
    public init(_ executor: any StorageExecutor) {
        self.executor = executor
        self.sql = executor.dialect
    }

    public func insert(_ user: UserRecord) throws(StorageError) -> Bool {
        try executor.write { runner throws(StorageError) in
            try runner.execute(sql.users.insert, user.values) > 0
        }
    }

    public func user(email: String) throws(StorageError) -> UserRecord? {
        let email = UserRecord.normalizedEmail(email)
        return try executor.read { runner throws(StorageError) in
            try runner.query(sql.users.selectByEmail, [.text(email)], row: UserRecord.init(row:)).first
        }
    }

    public func user(id: String) throws(StorageError) -> UserRecord? {
        try executor.read { runner throws(StorageError) in
            try runner.query(sql.users.selectByID, [.text(id)], row: UserRecord.init(row:)).first
        }
    }

    public func deleteUserAndData(id: String) throws(StorageError) -> Bool {
        try executor.write { runner throws(StorageError) in
            guard try runner.execute(sql.users.delete, [.text(id)]) > 0 else {
                return false
            }
            try runner.execute(sql.users.deleteTasks, [.text(id)])
            try runner.execute(sql.users.deleteRefreshTokens, [.text(id)])
            return true
        }
    }

    public func importUsers(_ users: [UserRecord]) throws(StorageError) -> ImportReport {
        try executor.write { runner throws(StorageError) in
            var report = ImportReport(imported: 0, skippedIDs: [])
            for user in users {
                if try runner.execute(sql.users.importOne, user.values) > 0 {
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
    /// Reads a row in column order: id, name, email, email_verified, image, password_hash, created_at, updated_at.
    init(row: any StorageRow) {
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

    /// The values for placeholders 1...8 in column order, with the email normalised.
    var values: [StorageValue] {
        [
            .text(id), .text(name), .text(UserRecord.normalizedEmail(email)), .bool(emailVerified),
            .text(orNull: image), .text(orNull: passwordHash), .integer(createdAt), .integer(updatedAt),
        ]
    }
}

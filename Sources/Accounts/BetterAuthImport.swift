import Storage

/// Reads users from a Better Auth SQLite database (its `user` table and the `account` rows whose `providerId` is
/// `credential`) into records this service stores, keeping ids, names, emails, verification flags, timestamps and
/// password hashes, so the users sign in with their old passwords and their old tokens' `sub` still owns their
/// tasks. The source database is opened read-only and left untouched.
public enum BetterAuthImport {
    /// A row that cannot be imported, and why (never the password hash).
    public struct Refusal: Sendable, Equatable {
        public let id: String
        public let reason: String
    }

    /// What the source holds: users to import (some without a password: no credential account) and refusals.
    public struct Plan: Sendable {
        public var users: [UserRecord] = []
        public var refused: [Refusal] = []
        /// Ids of users imported without a password (they exist for their tasks but cannot sign in by password).
        public var withoutPassword: [String] = []
    }

    /// Timestamps arrive as ISO text, Unix seconds or Unix milliseconds depending on the adapter; all become ms.
    static let millisecondsSQL = """
        CASE typeof(?1) \
        WHEN 'integer' THEN (CASE WHEN ?1 > 100000000000 THEN ?1 ELSE ?1 * 1000 END) \
        WHEN 'real' THEN CAST((CASE WHEN ?1 > 100000000000 THEN ?1 ELSE ?1 * 1000 END) AS INTEGER) \
        WHEN 'text' THEN CAST(round((julianday(?1) - 2440587.5) * 86400000) AS INTEGER) \
        END
        """

    static let selectUsers = """
        SELECT u.id, u.name, u.email,
          CASE WHEN u.emailVerified IN (1, '1', 'true', 'TRUE') THEN 1 ELSE 0 END,
          u.image,
          \(millisecondsSQL.replacingPlaceholder(with: "u.createdAt")),
          \(millisecondsSQL.replacingPlaceholder(with: "u.updatedAt")),
          (SELECT a.password FROM account a WHERE a.userId = u.id AND a.providerId = 'credential'
             AND a.password IS NOT NULL ORDER BY a.createdAt LIMIT 1)
        FROM "user" u ORDER BY u.id
        """

    /// Reads and checks every user of the Better Auth database that `source` reads (a SQLite file opened
    /// read-only: `SQLiteDatabase.openReadOnly`).
    public static func read(from source: any StorageExecutor) throws(StorageError) -> Plan {
        let rows = try source.read { runner throws(StorageError) in
            try runner.query(selectUsers) { row in
                (
                    id: row.text(0), name: row.optionalText(1), email: row.optionalText(2), verified: row.bool(3),
                    image: row.optionalText(4), created: row.isNull(5) ? nil : row.int64(5),
                    updated: row.isNull(6) ? nil : row.int64(6), password: row.optionalText(7)
                )
            }
        }
        var plan = Plan()
        for row in rows {
            func refuse(_ reason: String) { plan.refused.append(Refusal(id: row.id, reason: reason)) }
            guard !row.id.isEmpty, row.id.utf8.count <= 255, !row.id.unicodeScalars.contains(where: { $0.value < 0x20 })
            else {
                refuse("the id is empty, too long or has control characters")
                continue
            }
            guard case .success(let email) = AccountRules.email(row.email ?? "") else {
                refuse("the email is missing or not a valid address")
                continue
            }
            guard case .success(let name) = AccountRules.name(row.name ?? "") else {
                refuse("the name is empty or longer than \(AccountRules.maximumNameLength) characters")
                continue
            }
            guard let created = row.created, let updated = row.updated else {
                refuse("createdAt or updatedAt is not a readable date")
                continue
            }
            if let password = row.password, StoredPasswordHash(parsing: password) == nil {
                refuse("the credential password is not a Better Auth scrypt hash (salthex:keyhex)")
                continue
            }
            if row.password == nil { plan.withoutPassword.append(row.id) }
            plan.users.append(
                UserRecord(
                    id: row.id, name: name, email: email, emailVerified: row.verified, image: row.image,
                    passwordHash: row.password, createdAt: created, updatedAt: updated))
        }
        return plan
    }
}

extension String {
    fileprivate func replacingPlaceholder(with column: String) -> String {
        split(separator: "?1", omittingEmptySubsequences: false).joined(separator: column)
    }
}

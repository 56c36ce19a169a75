extension SQLUserStore {
    public func insertRefreshToken(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64
    ) throws(StorageError) {
        try executor.write { runner throws(StorageError) in
            try insertToken(hash: hash, userID: userID, familyID: familyID, expiresAt: expiresAt, now: now, runner)
        }
    }

    public func startRefreshFamily(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64, maxFamilies: Int,
        client: SessionClient
    ) throws(StorageError) {
        let sql = sql.refreshTokens
        let sessions = self.sql.sessions
        try executor.write { runner throws(StorageError) in
            try runner.execute(sql.pruneDead, [.text(userID), .integer(now)])
            try runner.execute(
                sql.dropLeastRecentFamilies, [.text(userID), .integer(now), .integer(Int64(max(0, maxFamilies - 1)))])
            try runner.execute(sessions.pruneOrphans, [.text(userID)])
            try insertToken(hash: hash, userID: userID, familyID: familyID, expiresAt: expiresAt, now: now, runner)
            try runner.execute(
                sessions.insert,
                [
                    .text(familyID), .text(userID), .integer(now), .text(orNull: client.ipAddress),
                    .text(orNull: client.userAgent),
                ])
        }
    }

    /// The reuse check lives here, once for every driver: a spent token presented again revokes its family.
    public func rotateRefreshToken(
        presentedHash: [UInt8], newHash: [UInt8], newExpiresAt: Int64, now: Int64
    ) throws(StorageError) -> RefreshRotation {
        let sql = sql.refreshTokens
        return try executor.write { runner throws(StorageError) in
            let found = try runner.query(sql.selectForRotation, [.bytes(presentedHash)], row: StoredToken.init)
            guard let token = found.first, !token.isRevoked else {
                return .invalid
            }
            if token.isSpent {
                // A spent token presented again was copied: end the whole chain, the thief's and the owner's.
                try runner.execute(sql.revokeFamily, [.text(token.familyID), .integer(now)])
                return .reuseDetected(userID: token.userID, familyID: token.familyID)
            }
            guard token.expiresAt > now else {
                return .invalid
            }
            try runner.execute(sql.spend, [.bytes(presentedHash), .integer(now)])
            try insertToken(
                hash: newHash, userID: token.userID, familyID: token.familyID, expiresAt: newExpiresAt, now: now,
                runner)
            try runner.execute(sql.pruneDead, [.text(token.userID), .integer(now)])
            return .rotated(userID: token.userID, familyID: token.familyID)
        }
    }

    public func revokeFamily(ofTokenHash hash: [UInt8], userID: String, now: Int64) throws(StorageError) -> String? {
        let sql = sql.refreshTokens
        return try executor.write { runner throws(StorageError) in
            let families = try runner.query(sql.ownedFamily, [.bytes(hash), .text(userID)]) { $0.text(0) }
            guard let family = families.first else {
                return nil
            }
            try runner.execute(sql.revokeFamily, [.text(family), .integer(now)])
            return family
        }
    }

    @discardableResult
    public func revokeAll(userID: String, now: Int64) throws(StorageError) -> Int {
        try executor.write { runner throws(StorageError) in
            try runner.execute(sql.refreshTokens.revokeAll, [.text(userID), .integer(now)])
        }
    }

    private func insertToken(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64, _ runner: any StatementRunner
    ) throws(StorageError) {
        let values: [StorageValue] = [.bytes(hash), .text(userID), .text(familyID), .integer(expiresAt), .integer(now)]
        try runner.execute(sql.refreshTokens.insert, values)
    }
}

/// A row of `SQLDialect.RefreshTokens.selectForRotation`.
private struct StoredToken {
    let userID: String
    let familyID: String
    let expiresAt: Int64
    let isSpent: Bool
    let isRevoked: Bool

    init(row: any StorageRow) {
        userID = row.text(0)
        familyID = row.text(1)
        expiresAt = row.int64(2)
        isSpent = !row.isNull(3)
        isRevoked = !row.isNull(4)
    }
}

extension SQLiteUserStore {
    public func insertRefreshToken(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64
    ) throws {
        let bindings: [SQLiteValue] = [.blob(hash), .text(userID), .text(familyID), .integer(expiresAt), .integer(now)]
        try connection.write {
            _ = try connection.execute(RefreshTokenSQL.insert, bindings)
        }
    }

    public func startRefreshFamily(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64, maxFamilies: Int
    ) throws {
        try connection.write {
            try connection.execute(RefreshTokenSQL.pruneDead, [.text(userID), .integer(now)])
            try connection.execute(
                RefreshTokenSQL.dropLeastRecentFamilies,
                [.text(userID), .integer(now), .integer(Int64(max(0, maxFamilies - 1)))])
            try insertRefreshToken(hash: hash, userID: userID, familyID: familyID, expiresAt: expiresAt, now: now)
        }
    }

    public func rotateRefreshToken(
        presentedHash: [UInt8], newHash: [UInt8], newExpiresAt: Int64, now: Int64
    ) throws -> RefreshRotation {
        try connection.write {
            let found = try connection.query(RefreshTokenSQL.select, [.blob(presentedHash)], row: StoredToken.init)
            guard let token = found.first, !token.isRevoked else {
                return .invalid
            }
            if token.isSpent {
                // A spent token presented again was copied: end the whole chain, the thief's and the owner's.
                try connection.execute(RefreshTokenSQL.revokeFamily, [.text(token.familyID), .integer(now)])
                return .reuseDetected(userID: token.userID, familyID: token.familyID)
            }
            guard token.expiresAt > now else {
                return .invalid
            }
            try connection.execute(RefreshTokenSQL.spend, [.blob(presentedHash), .integer(now)])
            try insertRefreshToken(
                hash: newHash, userID: token.userID, familyID: token.familyID, expiresAt: newExpiresAt, now: now)
            try connection.execute(RefreshTokenSQL.pruneDead, [.text(token.userID), .integer(now)])
            return .rotated(userID: token.userID, familyID: token.familyID)
        }
    }

    public func revokeFamily(ofTokenHash hash: [UInt8], userID: String, now: Int64) throws -> String? {
        try connection.write {
            let families = try connection.query(RefreshTokenSQL.ownedFamily, [.blob(hash), .text(userID)]) {
                $0.text(0)
            }
            guard let family = families.first else {
                return nil
            }
            try connection.execute(RefreshTokenSQL.revokeFamily, [.text(family), .integer(now)])
            return family
        }
    }

    @discardableResult
    public func revokeAll(userID: String, now: Int64) throws -> Int {
        try connection.write {
            try connection.execute(RefreshTokenSQL.revokeAll, [.text(userID), .integer(now)])
        }
    }
}

/// A row of `RefreshTokenSQL.select`.
private struct StoredToken {
    let userID: String
    let familyID: String
    let expiresAt: Int64
    let isSpent: Bool
    let isRevoked: Bool

    init(row: SQLiteRow) {
        userID = row.text(0)
        familyID = row.text(1)
        expiresAt = row.int64(2)
        isSpent = !row.isNull(3)
        isRevoked = !row.isNull(4)
    }
}

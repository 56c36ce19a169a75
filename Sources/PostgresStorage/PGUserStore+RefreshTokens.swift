import Storage

extension PGUserStore {
    public func insertRefreshToken(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64
    ) throws {
        try pool.withConnection { connection in
            try insert(hash: hash, userID: userID, familyID: familyID, expiresAt: expiresAt, now: now, on: connection)
        }
    }

    public func startRefreshFamily(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64, maxFamilies: Int
    ) throws {
        try pool.withConnection { connection in
            try connection.transaction {
                try connection.execute(PGRefreshTokenSQL.pruneDead, [.text(userID), .integer(now)])
                try connection.execute(
                    PGRefreshTokenSQL.dropLeastRecentFamilies,
                    [.text(userID), .integer(now), .integer(Int64(max(0, maxFamilies - 1)))])
                try insert(
                    hash: hash, userID: userID, familyID: familyID, expiresAt: expiresAt, now: now, on: connection)
            }
        }
    }

    public func rotateRefreshToken(
        presentedHash: [UInt8], newHash: [UInt8], newExpiresAt: Int64, now: Int64
    ) throws -> RefreshRotation {
        try pool.withConnection { connection in
            try connection.transaction {
                let found = try connection.query(
                    PGRefreshTokenSQL.selectForUpdate, [.bytes(presentedHash)], row: StoredToken.init)
                guard let token = found.first, !token.isRevoked else {
                    return .invalid
                }
                if token.isSpent {
                    // A spent token presented again was copied: end the whole chain, the thief's and the owner's.
                    try connection.execute(PGRefreshTokenSQL.revokeFamily, [.text(token.familyID), .integer(now)])
                    return .reuseDetected(userID: token.userID, familyID: token.familyID)
                }
                guard token.expiresAt > now else {
                    return .invalid
                }
                try connection.execute(PGRefreshTokenSQL.spend, [.bytes(presentedHash), .integer(now)])
                try insert(
                    hash: newHash, userID: token.userID, familyID: token.familyID, expiresAt: newExpiresAt, now: now,
                    on: connection)
                try connection.execute(PGRefreshTokenSQL.pruneDead, [.text(token.userID), .integer(now)])
                return .rotated(userID: token.userID, familyID: token.familyID)
            }
        }
    }

    public func revokeFamily(ofTokenHash hash: [UInt8], userID: String, now: Int64) throws -> String? {
        try pool.withConnection { connection in
            try connection.transaction {
                let families = try connection.query(PGRefreshTokenSQL.ownedFamily, [.bytes(hash), .text(userID)]) {
                    $0.text(0)
                }
                guard let family = families.first else {
                    return nil
                }
                try connection.execute(PGRefreshTokenSQL.revokeFamily, [.text(family), .integer(now)])
                return family
            }
        }
    }

    @discardableResult
    public func revokeAll(userID: String, now: Int64) throws -> Int {
        try pool.withConnection { try $0.execute(PGRefreshTokenSQL.revokeAll, [.text(userID), .integer(now)]) }
    }

    private func insert(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64, on connection: PGConnection
    ) throws {
        let parameters: [PGValue] = [
            .bytes(hash), .text(userID), .text(familyID), .integer(expiresAt), .integer(now),
        ]
        try connection.execute(PGRefreshTokenSQL.insert, parameters)
    }
}

/// A row of `PGRefreshTokenSQL.selectForUpdate`.
private struct StoredToken {
    let userID: String
    let familyID: String
    let expiresAt: Int64
    let isSpent: Bool
    let isRevoked: Bool

    init(row: PGRow) {
        userID = row.text(0)
        familyID = row.text(1)
        expiresAt = row.int64(2)
        isSpent = !row.isNull(3)
        isRevoked = !row.isNull(4)
    }
}

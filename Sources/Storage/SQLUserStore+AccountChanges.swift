extension SQLUserStore {
    public func updateProfile(id: String, name: String?, image: String??, now: Int64) throws(StorageError) -> Bool {
        let values: [StorageValue] = [
            .text(id), .text(orNull: name), .bool(image != nil), .text(orNull: image ?? nil), .integer(now),
        ]
        return try executor.write { runner throws(StorageError) in
            try runner.execute(sql.accountChanges.updateProfile, values) > 0
        }
    }

    public func setPassword(userID: String, hash: String, now: Int64) throws(StorageError) -> Bool {
        try executor.write { runner throws(StorageError) in
            try runner.execute(sql.accountChanges.setPassword, [.text(userID), .text(hash), .integer(now)]) > 0
        }
    }

    public func verifyEmail(_ email: String, now: Int64) throws(StorageError) -> String? {
        let email = UserRecord.normalizedEmail(email)
        return try executor.write { runner throws(StorageError) in
            try runner.query(sql.accountChanges.verifyEmail, [.text(email), .integer(now)]) { $0.text(0) }.first
        }
    }

    public func insertResetToken(hash: [UInt8], userID: String, expiresAt: Int64, now: Int64) throws(StorageError) {
        let sql = sql.accountChanges
        try executor.write { runner throws(StorageError) in
            try runner.execute(sql.pruneResetTokens, [.text(userID), .integer(now)])
            try runner.execute(
                sql.insertResetToken, [.bytes(hash), .text(userID), .integer(expiresAt), .integer(now)])
        }
    }

    public func resetTokenUser(hash: [UInt8], now: Int64) throws(StorageError) -> String? {
        try executor.read { runner throws(StorageError) in
            try runner.query(sql.accountChanges.resetTokenUser, [.bytes(hash), .integer(now)]) { $0.text(0) }.first
        }
    }

    public func consumeResetToken(hash: [UInt8], now: Int64) throws(StorageError) -> String? {
        try executor.write { runner throws(StorageError) in
            try runner.query(sql.accountChanges.consumeResetToken, [.bytes(hash), .integer(now)]) { $0.text(0) }
                .first
        }
    }
}

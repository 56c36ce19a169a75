extension SQLUserStore {
    public func sessions(userID: String, now: Int64) throws(StorageError) -> [SessionRecord] {
        try executor.read { runner throws(StorageError) in
            try runner.query(sql.sessions.live, [.text(userID), .integer(now)], row: SessionRecord.init(row:))
        }
    }

    public func session(id: String, now: Int64) throws(StorageError) -> SessionRecord? {
        try executor.read { runner throws(StorageError) in
            try runner.query(sql.sessions.liveOne, [.text(id), .integer(now)], row: SessionRecord.init(row:)).first
        }
    }

    public func revokeSession(id: String, userID: String, now: Int64) throws(StorageError) -> Bool {
        try executor.write { runner throws(StorageError) in
            try runner.execute(sql.sessions.revokeOwned, [.text(id), .text(userID), .integer(now)]) > 0
        }
    }

    public func revokeSessions(userID: String, keeping kept: String?, now: Int64) throws(StorageError) -> [String] {
        let sql = sql
        return try executor.write { runner throws(StorageError) in
            let families = try runner.query(sql.sessions.unrevokedFamilies, [.text(userID), .integer(now)]) {
                $0.text(0)
            }
            var revoked: [String] = []
            for family in families where family != kept {
                try runner.execute(sql.refreshTokens.revokeFamily, [.text(family), .integer(now)])
                revoked.append(family)
            }
            return revoked
        }
    }
}

extension SessionRecord {
    /// Reads a row in `SQLDialect.Sessions.live` order.
    init(row: any StorageRow) {
        self.init(
            id: row.text(0), userID: row.text(1), createdAt: row.int64(2), updatedAt: row.int64(3),
            expiresAt: row.int64(4), ipAddress: row.optionalText(5), userAgent: row.optionalText(6))
    }
}

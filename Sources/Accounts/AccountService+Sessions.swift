import Storage

extension AccountService {
    /// The live sessions of `userID`, the most recently used first.
    public func sessions(userID: String, now: Int64) throws -> [SessionRecord] {
        try users.sessions(userID: userID, now: now)
    }

    /// The live session `id`, or nil.
    public func session(id: String, now: Int64) throws -> SessionRecord? {
        try users.session(id: id, now: now)
    }

    /// Ends the session `id` when it is `userID`'s (its refresh tokens and, at once, its access tokens); another
    /// user's or an unknown session changes nothing.
    public func revokeSession(id: String, userID: String, now: Int64) throws {
        guard try users.revokeSession(id: id, userID: userID, now: now) else { return }
        try revoke(.session, id: id, now: now)
    }

    /// Ends every session of `userID` but `kept` (nil: all of them, and then every access token of the subject
    /// issued before this second too).
    public func revokeSessions(userID: String, keeping kept: String?, now: Int64) throws {
        try endSessions(userID: userID, keeping: kept, now: now)
        if kept == nil { try revokeBeforeThisSecond(subject: userID, now: now) }
    }

    /// Revokes the families of `userID` but `kept`, and the access tokens of each.
    func endSessions(userID: String, keeping kept: String?, now: Int64) throws {
        for family in try users.revokeSessions(userID: userID, keeping: kept, now: now) {
            try revoke(.session, id: family, now: now)
        }
    }
}

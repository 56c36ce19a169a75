import Storage

extension AccountService {
    /// Changes the password of `userID` once `currentPassword` is confirmed. Checks, in Better Auth's order: the
    /// new password's length, a password to change, the current password. The subject is revoked (every access
    /// token issued before this second: `revokeBeforeThisSecond`); with `revokeOtherSessions` every session of the
    /// user ends too (their access tokens at once) and a new one starts, which is returned.
    public func changePassword(
        userID: String, currentPassword: String, newPassword: String, revokeOtherSessions: Bool,
        client: SessionClient = SessionClient(), now: Int64
    ) throws -> Result<(user: UserRecord, session: Session?), AccountError> {
        if let problem = AccountRules.passwordProblem(newPassword) { return .failure(problem) }
        guard let user = try users.user(id: userID) else { return .failure(.userNotFound) }
        guard user.passwordHash != nil else { return .failure(.credentialAccountNotFound) }
        if case .failure(let error) = checkPassword(currentPassword, stored: user.passwordHash) {
            return .failure(error)
        }
        guard let hash = try? hasher.hash(newPassword) else { return .failure(.tooManyRequests) }
        guard try users.setPassword(userID: userID, hash: hash, now: now) else { return .failure(.userNotFound) }
        try revokeBeforeThisSecond(subject: userID, now: now)
        let changed = try users.user(id: userID) ?? user
        guard revokeOtherSessions else { return .success((changed, nil)) }
        try endSessions(userID: userID, keeping: nil, now: now)
        return .success((changed, try startSession(for: changed, client: client, now: now)))
    }

    /// Changes the name and the image (`.some(nil)` removes it) of `userID`; nil leaves a field as it is.
    public func updateProfile(userID: String, name rawName: String?, image: String??, now: Int64) throws
        -> Result<Void, AccountError>
    {
        guard rawName != nil || image != nil else { return .failure(.noFieldsToUpdate) }
        var name: String?
        if let rawName {
            switch AccountRules.name(rawName) {
            case .failure(let error): return .failure(error)
            case .success(let valid): name = valid
            }
        }
        if let image, let url = image, url.utf8.count > AccountRules.maximumImageBytes {
            return .failure(.invalidImage)
        }
        guard try users.updateProfile(id: userID, name: name, image: image, now: now) else {
            return .failure(.userNotFound)
        }
        return .success(())
    }

    /// Revokes every access token of `subject` issued before the second `now` falls in. Access tokens carry
    /// their `iat` in whole seconds, so a revocation at `now` itself would also refuse the tokens issued right
    /// after it in the same second (the new session of a password change, the first refresh after it); a token
    /// issued earlier in that same second survives, unless its session is ended as well.
    func revokeBeforeThisSecond(subject: String, now: Int64) throws {
        try revoke(.subject, id: subject, now: (now / 1000) * 1000 - 1)
    }
}

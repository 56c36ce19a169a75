import Storage

extension AccountService {
    /// Deletes the user `userID` (the access token's `sub`), their tasks and their refresh tokens in one
    /// transaction, once `password` is confirmed. A user without a password cannot confirm (`.invalidPassword`,
    /// after the same scrypt work), nor can a password longer than any stored one (without hashing); a user not
    /// stored here is `.userNotFound`; a spent password budget is `.tooManyRequests`. Every access token of the user
    /// issued before `now` is revoked.
    public func deleteUser(userID: String, password: String, now: Int64) throws -> Result<Void, AccountError> {
        guard let user = try users.user(id: userID) else {
            return .failure(.userNotFound)
        }
        if case .failure(let error) = checkPassword(password, stored: user.passwordHash) {
            return .failure(error)
        }
        guard try users.deleteUserAndData(id: userID) else {
            return .failure(.userNotFound)
        }
        try revoke(.subject, id: userID, now: now)
        return .success(())
    }
}

import Storage

extension AccountService {
    /// Marks the email of a verified `token` as verified. An already verified user gets the same answer.
    public func verifyEmail(token: String, verifier: EmailVerificationToken, now: Int64) throws
        -> Result<Void, AccountError>
    {
        let email: String
        switch verifier.email(of: token, now: now) {
        case .failure(let error): return .failure(error)
        case .success(let verified): email = verified
        }
        guard try users.verifyEmail(email, now: now) != nil else { return .failure(.userNotFound) }
        return .success(())
    }

    /// The unverified user of `email`, to whom a verification mail may go; nil for an unknown, malformed or
    /// verified email (the route answers the same).
    public func unverifiedUser(email rawEmail: String) throws -> UserRecord? {
        guard case .success(let email) = AccountRules.email(rawEmail), let user = try users.user(email: email),
            !user.emailVerified
        else { return nil }
        return user
    }
}

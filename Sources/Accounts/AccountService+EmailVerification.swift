import Storage

extension AccountService {
    /// Marks the email of a verified `token` as verified. When this call verified it (not an earlier one) and
    /// `client` is given, a session starts for the user, as Better Auth's `autoSignInAfterVerification` does; the
    /// session is then returned. An already verified email answers success with no session, so a link used again
    /// (or fetched twice at once) signs nobody in.
    public func verifyEmail(
        token: String, verifier: EmailVerificationToken, signingIn client: SessionClient? = nil, now: Int64
    ) throws -> Result<Session?, AccountError> {
        let email: String
        switch verifier.email(of: token, now: now) {
        case .failure(let error): return .failure(error)
        case .success(let verified): email = verified
        }
        guard let id = try users.verifyEmail(email, now: now) else {
            return try users.user(email: email) == nil
                ? .failure(.userNotFound) : .success(nil)
        }
        guard let client, let user = try users.user(id: id) else { return .success(nil) }
        return .success(try startSession(for: user, client: client, now: now))
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

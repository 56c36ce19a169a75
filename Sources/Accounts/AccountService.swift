import JOSE
import Storage

/// Sign-up, sign-in, refresh, sign-out and deletion of accounts, with no HTTP in sight.
///
/// It holds a store (and so a connection): use each from one thread at a time, all sharing ONE `PasswordHasher` so that
/// its bound on concurrent hashes holds for the process. `now` is Unix milliseconds everywhere. Refusals are
/// `AccountError` values; a storage failure is thrown (an internal error, not the client's fault).
public final class AccountService {
    let users: any UserStore
    let hasher: PasswordHasher
    let accessTokens: AccessTokenIssuer
    let settings: TokenSettings
    /// The process's revocation list: what sign-out, reuse detection and deletion add to, besides the store.
    public let revocations: RevocationList
    /// REQUIRE_EMAIL_VERIFICATION: sign-in refuses an unverified email and sign-up starts no session.
    public let requireEmailVerification: Bool

    /// A service over `users`, hashing with `hasher`, signing access tokens with `signer` and recording
    /// revocations in `revocations` (share ONE per process, like the hasher; nil: a list of its own).
    public init(
        users: any UserStore, hasher: PasswordHasher, signer: JWTSigner, settings: TokenSettings,
        revocations: RevocationList? = nil, requireEmailVerification: Bool = false
    ) {
        self.requireEmailVerification = requireEmailVerification
        self.users = users
        self.hasher = hasher
        self.accessTokens = AccessTokenIssuer(signer: signer, settings: settings)
        self.settings = settings
        self.revocations = revocations ?? RevocationList(accessTokenTTL: settings.accessTokenTTL, leeway: 60)
    }

    /// Creates a user with a password and signs them in. Checks, in order: name, email, password length, whether
    /// the email is taken.
    public func signUp(
        name rawName: String, email rawEmail: String, password: String, client: SessionClient = SessionClient(),
        now: Int64
    ) throws -> Result<Session, AccountError> {
        switch try register(name: rawName, email: rawEmail, password: password, now: now) {
        case .failure(let error): return .failure(error)
        case .success(let user): return .success(try startSession(for: user, client: client, now: now))
        }
    }

    /// Creates a user with a password, without a session (sign-up when the email must be verified first).
    public func register(name rawName: String, email rawEmail: String, password: String, now: Int64) throws
        -> Result<UserRecord, AccountError>
    {
        let name: String
        let email: String
        switch AccountRules.signUp(name: rawName, email: rawEmail, password: password) {
        case .failure(let error): return .failure(error)
        case .success(let valid): (name, email) = valid
        }
        guard try users.user(email: email) == nil else {
            return .failure(.userAlreadyExists)
        }
        guard let passwordHash = try? hasher.hash(password) else {
            return .failure(.tooManyRequests)
        }
        let user = UserRecord(
            id: UserID.generate(), name: name, email: email, emailVerified: false, image: nil,
            passwordHash: passwordHash, createdAt: now, updatedAt: now)
        // Someone may have taken the email while we hashed.
        guard try users.insert(user) else {
            return .failure(.userAlreadyExists)
        }
        return .success(user)
    }

    /// Signs a user in with their password. An unknown email, a user without a password and a wrong password all
    /// get `.invalidEmailOrPassword` after the same scrypt work; a password longer than any that can be stored gets
    /// it at once, without hashing.
    public func signIn(
        email rawEmail: String, password: String, client: SessionClient = SessionClient(), now: Int64
    ) throws -> Result<Session, AccountError> {
        let email: String
        switch AccountRules.email(rawEmail) {
        case .failure(let error): return .failure(error)
        case .success(let valid): email = valid
        }
        let user = try users.user(email: email)
        switch checkPassword(password, stored: user?.passwordHash) {
        case .failure(let error): return .failure(error == .invalidPassword ? .invalidEmailOrPassword : error)
        case .success: break
        }
        guard let user else { return .failure(.invalidEmailOrPassword) }
        if requireEmailVerification && !user.emailVerified { return .failure(.emailNotVerified) }
        return .success(try startSession(for: user, client: client, now: now))
    }

    /// Success when `password` matches `stored`; `.invalidPassword` when it does not, when `stored` is nil (after
    /// the same scrypt work) or when it is longer than any stored password can be (without hashing);
    /// `.tooManyRequests` when the password budget is spent.
    func checkPassword(_ password: String, stored: String?) -> Result<Void, AccountError> {
        guard AccountRules.isPasswordWithinBounds(password) else { return .failure(.invalidPassword) }
        do {
            guard let stored else {
                try hasher.verifyDummy(password)
                return .failure(.invalidPassword)
            }
            return try hasher.verify(password, stored: stored) ? .success(()) : .failure(.invalidPassword)
        } catch {
            return .failure(.tooManyRequests)
        }
    }

    /// The stored user `id`, or nil.
    public func user(id: String) throws -> UserRecord? {
        try users.user(id: id)
    }

    /// A session for `user` with a refresh token that starts a new family (ending the least recently used one
    /// when the user already has `AccountRules.maximumSessionsPerUser`), kept with who started it.
    func startSession(for user: UserRecord, client: SessionClient, now: Int64) throws -> Session {
        let refreshToken = RefreshTokens.generate()
        let sessionID = SecureRandom.alphanumeric(count: 32)
        try users.startRefreshFamily(
            hash: RefreshTokens.hash(refreshToken), userID: user.id, familyID: sessionID,
            expiresAt: refreshExpiry(now: now), now: now, maxFamilies: AccountRules.maximumSessionsPerUser,
            client: client)
        return accessTokens.session(for: user, refreshToken: refreshToken, sessionID: sessionID, now: now)
    }

    /// When a refresh token issued at `now` expires, in Unix milliseconds.
    func refreshExpiry(now: Int64) -> Int64 {
        now + settings.refreshTokenTTL * 1000
    }
}

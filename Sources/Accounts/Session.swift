import Storage

/// What a successful sign-up, sign-in or refresh hands to the client.
public struct Session: Sendable, Equatable {
    /// The signed-in user.
    public var user: UserRecord
    /// A signed JWT for `Authorization: Bearer`.
    public var accessToken: String
    /// The opaque token that `refresh` exchanges for a new session, once.
    public var refreshToken: String
    /// When the access token expires (its `exp`), in Unix milliseconds.
    public var accessExpiresAt: Int64

    /// Creates a session from its parts.
    public init(user: UserRecord, accessToken: String, refreshToken: String, accessExpiresAt: Int64) {
        self.user = user
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.accessExpiresAt = accessExpiresAt
    }
}

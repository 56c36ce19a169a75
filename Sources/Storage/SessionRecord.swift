/// One session: a live refresh-token family (`id` is its family id, the `sid` of its access tokens). Times are
/// Unix milliseconds.
public struct SessionRecord: Sendable, Equatable {
    public var id: String
    public var userID: String
    /// When the family started (sign-up or sign-in).
    public var createdAt: Int64
    /// When its live token was issued (the last rotation).
    public var updatedAt: Int64
    /// When its live token expires.
    public var expiresAt: Int64
    /// The client address and user agent of the request that started it, when known.
    public var ipAddress: String?
    public var userAgent: String?

    public init(
        id: String, userID: String, createdAt: Int64, updatedAt: Int64, expiresAt: Int64, ipAddress: String?,
        userAgent: String?
    ) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.ipAddress = ipAddress
        self.userAgent = userAgent
    }
}

/// Who started a session: the request's client address and user agent (at most `maximumUserAgentLength`
/// characters are kept).
public struct SessionClient: Sendable, Equatable {
    /// The most characters of a user agent a session keeps.
    public static let maximumUserAgentLength = 256

    public var ipAddress: String?
    public var userAgent: String?

    public init(ipAddress: String? = nil, userAgent: String? = nil) {
        self.ipAddress = ipAddress.flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        self.userAgent = userAgent.flatMap { $0.isEmpty ? nil : String($0.prefix(Self.maximumUserAgentLength)) }
    }
}

/// A revoked session (a refresh-token family, the `sid` of its access tokens) or subject (a user id): access tokens
/// of it issued before `revokedAt` are refused.
public struct Revocation: Sendable, Equatable {
    /// What is revoked.
    public enum Kind: String, Sendable {
        /// One session: every access token whose `sid` is `id`.
        case session
        /// A user: every access token whose `sub` is `id`, issued before `revokedAt`.
        case subject
    }

    public var kind: Kind
    public var id: String
    /// Unix milliseconds.
    public var revokedAt: Int64

    public init(_ kind: Kind, id: String, revokedAt: Int64) {
        self.kind = kind
        self.id = id
        self.revokedAt = revokedAt
    }
}

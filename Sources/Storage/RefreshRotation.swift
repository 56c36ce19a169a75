/// What presenting a refresh token did (see `UserStore.rotateRefreshToken`).
public enum RefreshRotation: Sendable, Equatable {
    /// The token was live: it is now spent and the new token belongs to the same family.
    case rotated(userID: String, familyID: String)
    /// The token had already been spent, so someone replayed it: every token of its family is now revoked.
    case reuseDetected(userID: String, familyID: String)
    /// Unknown, expired or revoked: nothing changed.
    case invalid
}

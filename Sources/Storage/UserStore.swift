/// Storage of users, their refresh tokens and the revocation lists. Times are Unix milliseconds supplied by the caller; refresh tokens
/// are named only by their SHA-256 (32 bytes), never by their text. Emails are normalised with
/// `UserRecord.normalizedEmail` on the way in and when looked up.
public protocol UserStore: AnyObject {
    /// Inserts `user`; false (and nothing stored) when the email is already taken.
    func insert(_ user: UserRecord) throws(StorageError) -> Bool
    /// The user with this email, or nil.
    func user(email: String) throws(StorageError) -> UserRecord?
    /// The user with this id, or nil.
    func user(id: String) throws(StorageError) -> UserRecord?
    /// Deletes the user, their tasks and their refresh tokens in one transaction; false when there was no such
    /// user (then nothing is deleted).
    func deleteUserAndData(id: String) throws(StorageError) -> Bool

    /// Stores a new live refresh token, the first of a family or one of an existing family.
    func insertRefreshToken(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64
    ) throws(StorageError)
    /// Starts the family `familyID` with its first token (a sign-in), in one write transaction that first deletes
    /// the user's dead rows (expired, or of a revoked family) and, when the user already has `maxFamilies` live
    /// families, those used least recently, so that at most `maxFamilies` remain live. `client` (who signed in) is
    /// kept with the session.
    func startRefreshFamily(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64, maxFamilies: Int,
        client: SessionClient
    ) throws(StorageError)
    /// Presents the token `presentedHash` in one write transaction: a live one (not spent, revoked or expired at
    /// `now`) is marked spent and `newHash` is stored in its family; a spent one revokes its whole family; anything
    /// else is `.invalid`.
    func rotateRefreshToken(
        presentedHash: [UInt8], newHash: [UInt8], newExpiresAt: Int64, now: Int64
    ) throws(StorageError) -> RefreshRotation
    /// Revokes every token of the family of `ofTokenHash` (sign-out), only when that token belongs to `userID`;
    /// the family's id, or nil when it does not belong to them (or does not exist).
    func revokeFamily(ofTokenHash hash: [UInt8], userID: String, now: Int64) throws(StorageError) -> String?
    /// Revokes every unrevoked refresh token of `userID`; returns how many.
    @discardableResult
    func revokeAll(userID: String, now: Int64) throws(StorageError) -> Int

    /// The user's live sessions (families with a live token at `now`), the most recently used first.
    func sessions(userID: String, now: Int64) throws(StorageError) -> [SessionRecord]
    /// The live session `id`, or nil.
    func session(id: String, now: Int64) throws(StorageError) -> SessionRecord?
    /// Revokes the family `id` when it is `userID`'s; false when it is not (or does not exist).
    func revokeSession(id: String, userID: String, now: Int64) throws(StorageError) -> Bool
    /// Revokes every family of `userID` but `kept` (nil: all of them), in one transaction; the ids of the
    /// families that had a token not yet revoked.
    func revokeSessions(userID: String, keeping kept: String?, now: Int64) throws(StorageError) -> [String]

    /// Changes the name (nil: kept) and the image (nil: kept; `.some(nil)`: removed); false when there is no such
    /// user.
    func updateProfile(id: String, name: String?, image: String??, now: Int64) throws(StorageError) -> Bool
    /// Replaces the password hash; false when there is no such user.
    func setPassword(userID: String, hash: String, now: Int64) throws(StorageError) -> Bool
    /// Marks `email` verified if it is not yet: the user's id when this call verified it, nil when no user has the
    /// email or it was verified already. Of two calls for one email, exactly one gets the id.
    func verifyEmail(_ email: String, now: Int64) throws(StorageError) -> String?
    /// Stores a reset token for `userID` (deleting their expired ones).
    func insertResetToken(hash: [UInt8], userID: String, expiresAt: Int64, now: Int64) throws(StorageError)
    /// The user of the reset token, when it is live at `now` (the token is not used up).
    func resetTokenUser(hash: [UInt8], now: Int64) throws(StorageError) -> String?
    /// Uses up the reset token: deleted, and its user returned, when it was live at `now`; nil otherwise. Two
    /// requests with one token: exactly one gets the user.
    func consumeResetToken(hash: [UInt8], now: Int64) throws(StorageError) -> String?

    /// Records `revocation` (keeping the later time when the same one exists) and deletes every revocation older
    /// than `pruneBefore`, in one transaction.
    func recordRevocation(_ revocation: Revocation, pruneBefore: Int64) throws(StorageError)
    /// The revocations recorded after `since` (Unix milliseconds).
    func revocations(after since: Int64) throws(StorageError) -> [Revocation]

    /// Inserts `users` in one transaction, skipping any whose id or email is already stored (so importing the
    /// same users twice is harmless).
    func importUsers(_ users: [UserRecord]) throws(StorageError) -> ImportReport
}

extension UserStore {
    /// `startRefreshFamily` for a client nobody knows (imports, tests).
    public func startRefreshFamily(
        hash: [UInt8], userID: String, familyID: String, expiresAt: Int64, now: Int64, maxFamilies: Int
    ) throws(StorageError) {
        try startRefreshFamily(
            hash: hash, userID: userID, familyID: familyID, expiresAt: expiresAt, now: now, maxFamilies: maxFamilies,
            client: SessionClient())
    }
}

import JOSE
import Storage

extension AccountService {
    /// Revokes a session or a subject at `now` (ms): in the store, for every process sharing it, and at once in
    /// this process's list.
    func revoke(_ kind: Revocation.Kind, id: String, now: Int64) throws {
        let revocation = Revocation(kind, id: id, revokedAt: now)
        try users.recordRevocation(revocation, pruneBefore: now - revocations.horizon)
        revocations.add([revocation], now: now)
    }

    /// Brings the revocation list up to date with the store, at most once per its interval (`now` in ms). Throws
    /// the store's error when the read fails (the list is kept; the read is tried again at the next interval).
    public func reloadRevocationsIfDue(now: Int64) throws {
        try revocations.reloadIfDue(now: now) { since in try users.revocations(after: since) }
    }
}

extension RevocationList {
    /// True when `token` is revoked: its session (`sid`) was ended, or its subject revoked after it was issued.
    public func isRevoked(_ token: VerifiedJWT) -> Bool {
        !isEmpty
            && isRevoked(
                subject: token.subject, sessionID: token.sessionID,
                issuedAt: token.issuedAt)
    }
}

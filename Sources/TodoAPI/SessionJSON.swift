import JSON
import Storage

/// Writes sessions in Better Auth's shape: `{"id", "token", "userId", "expiresAt", "createdAt", "updatedAt",
/// "ipAddress", "userAgent"}` (and `"current"` in a list). `token` is the session's id, a handle for
/// revoke-session, never a credential. `expiresAt` is when the session ends unless refreshed, or, given
/// `expiresAt` (get-session), when the presented access token expires.
enum SessionJSON {
    static func write(
        _ session: SessionRecord, current: Bool?, expiresAt: String? = nil, to writer: inout JSONWriter
    ) {
        writer.raw("{\"id\":")
        writer.string(session.id)
        writer.raw(",\"token\":")
        writer.string(session.id)
        writer.raw(",\"userId\":")
        writer.string(session.userID)
        writer.raw(",\"expiresAt\":")
        writer.string(expiresAt ?? Timestamp.format(milliseconds: session.expiresAt))
        writer.raw(",\"createdAt\":")
        writer.string(Timestamp.format(milliseconds: session.createdAt))
        writer.raw(",\"updatedAt\":")
        writer.string(Timestamp.format(milliseconds: session.updatedAt))
        writer.raw(",\"ipAddress\":")
        if let address = session.ipAddress { writer.string(address) } else { writer.null() }
        writer.raw(",\"userAgent\":")
        if let agent = session.userAgent { writer.string(agent) } else { writer.null() }
        if let current {
            writer.raw(",\"current\":")
            writer.bool(current)
        }
        writer.raw("}")
    }
}

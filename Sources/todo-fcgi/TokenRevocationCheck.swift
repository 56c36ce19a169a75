import Accounts
import Glibc
import JSON
import SQLiteStorage
import Storage
import TodoAPI

/// The revocation verdict `token verify` prints: the token's `sid` and `sub` against the revocation lists of the
/// configured database, by the rule `serve` applies (RevocationList). The database is read, never created or
/// migrated.
enum TokenRevocationCheck {
    /// Not revoked, revoked (and why), or not checked because the lists cannot be read.
    enum Verdict: Equatable {
        case notRevoked
        case revoked(String)
        case unchecked(String)
    }

    static func verdict(claims: [String: JSONValue], configuration: Configuration, nowSeconds: Double) -> Verdict {
        guard let subject = claims["sub"]?.stringValue else { return .unchecked("the token has no sub") }
        let sessionID = claims["sid"]?.stringValue
        let issuedAt = claims["iat"]?.numberValue
        let list = RevocationList(
            accessTokenTTL: Int64(configuration.accessTokenTTL), leeway: configuration.leewaySeconds)
        let nowMilliseconds = Int64(nowSeconds * 1000)
        let rows: [Revocation]
        do {
            guard let read = try revocations(configuration, since: nowMilliseconds - list.horizon) else {
                return .unchecked("no database at \(configuration.databasePath) yet")
            }
            rows = read
        } catch {
            return .unchecked("cannot read the revocation lists (\(error))")
        }
        list.add(rows, now: nowMilliseconds)
        guard list.isRevoked(subject: subject, sessionID: sessionID, issuedAt: issuedAt) else { return .notRevoked }
        if let sessionID, let row = rows.first(where: { $0.kind == .session && $0.id == sessionID }) {
            return .revoked("its session (sid) was revoked at \(row.revokedAt / 1000)")
        }
        let at = rows.filter { $0.kind == .subject && $0.id == subject }.map(\.revokedAt).max() ?? 0
        let issued = issuedAt.map { "iat \(Int($0))" } ?? "no iat"
        return .revoked("every token of its subject issued until \(at / 1000) was revoked (\(issued))")
    }

    /// The revocations recorded since `since` (Unix ms), or nil when the SQLite file does not exist.
    private static func revocations(_ configuration: Configuration, since: Int64) throws -> [Revocation]? {
        switch DatabaseBackend.from(configuration) {
        case .sqlite(let path):
            guard SystemFiles.exists(path) else { return nil }
            let connection = try SQLiteDatabase.openReadOnly(path: path)
            defer { connection.close() }
            return try SQLUserStore(connection).revocations(after: since)
        case .postgres(let pool):
            defer { pool.closeIdle() }
            return try SQLUserStore(pool).revocations(after: since)
        }
    }
}

import Accounts
import JOSE
import JSON
import Storage

/// The routes that keep an account: its password, its profile and its sessions. Every one needs a verified token;
/// `token.subject` is the user and its `sid` the caller's session.
extension AuthHandlers {
    func changePassword(_ body: [UInt8], token: VerifiedJWT, client: SessionClient) throws -> APIResponse {
        let body = try AuthBody.parse(body).get()
        let newPassword = try body.string("newPassword").get()
        let currentPassword = try body.string("currentPassword").get()
        let revokeOthers = try body.flag("revokeOtherSessions").get()
        let (user, session) = try accounts.changePassword(
            userID: token.subject, currentPassword: currentPassword, newPassword: newPassword,
            revokeOtherSessions: revokeOthers, client: client, now: nowMilliseconds
        ).get()
        var writer = JSONWriter(capacity: 1024)
        writer.raw("{\"token\":")
        if let session {
            writer.string(session.accessToken)
            writer.raw(",\"refresh_token\":")
            writer.string(session.refreshToken)
        } else {
            writer.null()
        }
        writer.raw(",\"user\":")
        UserJSON.write(user, to: &writer)
        writer.raw("}")
        return .json(200, writer.bytes)
    }

    func updateUser(_ body: [UInt8], userID: String) throws -> APIResponse {
        let body = try AuthBody.parse(body).get()
        if body.has("email") { throw AccountError.emailCannotBeUpdated }
        let name = try body.optionalString("name").get()
        var image: String??
        switch body.members["image"] {
        case nil: image = nil
        case .null?: image = .some(nil)
        case .string(let url)?: image = .some(url)
        default: throw AccountError.invalidImage
        }
        try accounts.updateProfile(userID: userID, name: name, image: image, now: nowMilliseconds).get()
        return Self.status
    }

    func listSessions(token: VerifiedJWT) throws -> APIResponse {
        let current = token.sessionID
        var writer = JSONWriter(capacity: 1024)
        writer.raw("[")
        for (position, session) in try accounts.sessions(userID: token.subject, now: nowMilliseconds).enumerated() {
            if position > 0 { writer.raw(",") }
            SessionJSON.write(session, current: session.id == current, to: &writer)
        }
        writer.raw("]")
        return .json(200, writer.bytes)
    }

    /// Only the caller's own sessions; an unknown one answers the same.
    func revokeSession(_ body: [UInt8], userID: String) throws -> APIResponse {
        let id = try AuthBody.parse(body).flatMap { $0.string("token") }.get()
        try accounts.revokeSession(id: id, userID: userID, now: nowMilliseconds)
        return Self.status
    }

    /// Every session (`keepingCurrent` false), or every session but the caller's.
    func revokeSessions(token: VerifiedJWT, keepingCurrent: Bool) throws -> APIResponse {
        let current = token.sessionID
        try accounts.revokeSessions(
            userID: token.subject, keeping: keepingCurrent ? (current ?? "") : nil, now: nowMilliseconds)
        return Self.status
    }

    /// `{"status": true}`.
    static var status: APIResponse { .json(200, Array(#"{"status":true}"#.utf8)) }
}

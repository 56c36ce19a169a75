import JOSE
import JSON
import Storage

/// Signs access tokens: `sub`, `sid` (the session: its refresh-token family), `iat`, `exp`, `iss`/`aud` when
/// configured, `name` and `email`.
struct AccessTokenIssuer {
    let signer: JWTSigner
    let settings: TokenSettings

    /// A session for `user` around an already stored `refreshToken` of the family `sessionID`, its access token
    /// issued at `now` (ms).
    func session(for user: UserRecord, refreshToken: String, sessionID: String, now: Int64) -> Session {
        let issuedAt = now / 1000
        let expiresAt = issuedAt + settings.accessTokenTTL
        var claims: [String: JSONValue] = [
            "sub": .string(user.id),
            "sid": .string(sessionID),
            "iat": .number(Double(issuedAt)),
            "exp": .number(Double(expiresAt)),
            "name": .string(user.name),
            "email": .string(user.email),
        ]
        if let issuer = settings.issuer {
            claims["iss"] = .string(issuer)
        }
        if let audience = settings.audience {
            claims["aud"] = .string(audience)
        }
        return Session(
            user: user, accessToken: signer.sign(claims: claims), refreshToken: refreshToken,
            accessExpiresAt: expiresAt * 1000)
    }
}

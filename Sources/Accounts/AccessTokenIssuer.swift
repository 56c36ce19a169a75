import JOSE
import JSON
import Storage

/// Signs access tokens: `sub`, `iat`, `exp`, `iss`/`aud` when configured, `name` and `email`.
struct AccessTokenIssuer {
    let signer: JWTSigner
    let settings: TokenSettings

    /// A session for `user` around an already stored `refreshToken`, its access token issued at `now` (ms).
    func session(for user: UserRecord, refreshToken: String, now: Int64) -> Session {
        let issuedAt = now / 1000
        let expiresAt = issuedAt + settings.accessTokenTTL
        var claims: [String: JSONValue] = [
            "sub": .string(user.id),
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

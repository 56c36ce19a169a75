import JOSE
import JSON

/// Better Auth's email-verification token: an HS256 JWT signed with BETTER_AUTH_SECRET whose claims are
/// `{"email", "iat", "exp"}`, so a link Better Auth sent before a migration still verifies here.
public struct EmailVerificationToken: Sendable {
    /// Seconds a token is valid (Better Auth's default).
    public static let lifetimeSeconds: Int64 = 3600

    private let signer: JWTSigner
    private let verifier: JWTVerifier

    public init(secret: [UInt8]) {
        signer = .hmac(secret: secret)
        verifier = JWTVerifier(
            hmacSecret: secret, keys: [], policy: ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 0))
    }

    /// A token for `email` (lower-cased), issued at `now` (Unix ms).
    public func issue(email: String, now: Int64) -> String {
        let issuedAt = now / 1000
        return signer.sign(claims: [
            "email": .string(email.lowercased()),
            "iat": .number(Double(issuedAt)),
            "exp": .number(Double(issuedAt + Self.lifetimeSeconds)),
        ])
    }

    /// The email `token` verifies, or why not: `.verificationTokenExpired` past its `exp`, else
    /// `.invalidVerificationToken` (bad signature, not HS256, no email).
    public func email(of token: String, now: Int64) -> Result<String, AccountError> {
        guard let verified = try? verifier.verifySignature(token), verified.algorithm == .hs256,
            let claims = try? JSONParser.parse(verified.payload), case .object(let members) = claims,
            case .string(let email)? = members["email"], !email.isEmpty
        else { return .failure(.invalidVerificationToken) }
        guard case .number(let expiresAt)? = members["exp"] else { return .failure(.invalidVerificationToken) }
        guard Double(now) / 1000 < expiresAt else { return .failure(.verificationTokenExpired) }
        return .success(email.lowercased())
    }
}

/// Why a token was refused. Every case maps to HTTP 401; `reason` never quotes the token.
public enum JWTError: Error, Sendable, Equatable {
    /// Not a strict compact JWS, or a header or payload that is not a JSON object; the text is ours, not the token's.
    case malformed(String)
    /// The token is longer than `JWTVerifier.maximumTokenLength`.
    case tooLarge
    /// `alg` is `none` (in any case): unsecured tokens are never accepted.
    case unsecured
    /// `alg` names an algorithm this module does not implement (the value, cut to 32 characters).
    case unsupportedAlgorithm(String)
    /// No configured key may verify this `alg` (for example an HMAC token with no secret, or the key's algorithm
    /// differs from the token's).
    case algorithmNotAllowed
    /// The token names a `kid` that no configured key has.
    case unknownKey
    /// The signature does not verify.
    case badSignature
    /// A `crit` header is present: no extension is understood.
    case unsupportedCritical
    /// The `exp` claim is missing.
    case missingExpiry
    /// A registered claim has the wrong JSON type (the claim's name).
    case invalidClaim(String)
    /// Now is past `exp` plus the leeway.
    case expired
    /// Now plus the leeway is before `nbf`.
    case notYetValid
    /// `iat` is after now plus the leeway.
    case issuedInFuture
    /// `iss` differs from the configured issuer.
    case invalidIssuer
    /// `aud` does not contain the configured audience.
    case invalidAudience
    /// `sub` is missing, empty, too long or has control characters.
    case invalidSubject

    /// A short explanation that contains nothing from the token.
    public var reason: String {
        switch self {
        case .malformed(let detail): return "malformed token: \(detail)"
        case .tooLarge: return "token is too large"
        case .unsecured: return "unsecured tokens are not accepted"
        case .unsupportedAlgorithm: return "unsupported signature algorithm"
        case .algorithmNotAllowed: return "signature algorithm not allowed for the key"
        case .unknownKey: return "unknown signing key"
        case .badSignature: return "invalid signature"
        case .unsupportedCritical: return "unsupported critical header"
        case .missingExpiry: return "token has no expiry"
        case .invalidClaim(let name): return "claim \(name) has the wrong type"
        case .expired: return "token has expired"
        case .notYetValid: return "token is not yet valid"
        case .issuedInFuture: return "token is issued in the future"
        case .invalidIssuer: return "token issuer is not accepted"
        case .invalidAudience: return "token audience is not accepted"
        case .invalidSubject: return "token subject is invalid"
        }
    }
}

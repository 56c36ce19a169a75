/// The JWS `alg` values this module implements (RFC 7518, RFC 8037).
public enum JWSAlgorithm: String, Sendable, CaseIterable {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"
    case edDSA = "EdDSA"
    case es256 = "ES256"
    case es384 = "ES384"
    case es512 = "ES512"
    case rs256 = "RS256"
    case rs384 = "RS384"
    case rs512 = "RS512"
    case ps256 = "PS256"
    case ps384 = "PS384"
    case ps512 = "PS512"

    /// The algorithm a header `alg` names; `Ed25519` (RFC 9864) is read as EdDSA over Ed25519.
    public init?(headerValue: String) {
        if headerValue == "Ed25519" {
            self = .edDSA
        } else {
            self.init(rawValue: headerValue)
        }
    }

    /// True for the HMAC family, whose key is a shared secret.
    public var isHMAC: Bool {
        switch self {
        case .hs256, .hs384, .hs512: return true
        default: return false
        }
    }
}

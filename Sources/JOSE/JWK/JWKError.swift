/// Why a JWK or JWK Set was refused.
public enum JWKError: Error, Sendable, Equatable {
    /// Not JSON, not an object, or a member of the wrong type or encoding (the text is ours).
    case malformed(String)
    /// The members do not form a usable key (wrong length, point not on the curve, ...).
    case invalidKey(String)
    /// RSA below 2048 bits, or an HMAC key shorter than its hash.
    case weakKey
    /// `alg` names a known algorithm that this kind of key cannot verify.
    case inconsistentAlgorithm
    /// A symmetric (`oct`) key where only public keys are accepted.
    case symmetricNotAllowed
    /// More keys than `JWKSet.maximumKeys`.
    case tooManyKeys
    /// Not the kind of key asked for (for example not an Ed25519 private key), or a key this service does not use
    /// (for encryption, of an unknown type or curve).
    case unsupported(String)
    /// A JWK Set of which no member is usable (or an empty one): every member skipped, with its reason.
    case noUsableKey([SkippedKey])

    /// A short explanation.
    public var reason: String {
        switch self {
        case .malformed(let detail): return "malformed JWK: \(detail)"
        case .invalidKey(let detail): return "invalid key: \(detail)"
        case .weakKey: return "key is too weak (RSA needs 2048 bits or more, an HMAC key the length of its hash)"
        case .inconsistentAlgorithm: return "alg does not fit the key type"
        case .symmetricNotAllowed: return "symmetric keys are not accepted here"
        case .tooManyKeys: return "too many keys in the set"
        case .unsupported(let detail): return "unsupported key: \(detail)"
        case .noUsableKey(let skipped):
            guard !skipped.isEmpty else { return "the set holds no usable key (it is empty)" }
            return "the set holds no usable key: " + skipped.map(\.description).joined(separator: "; ")
        }
    }
}

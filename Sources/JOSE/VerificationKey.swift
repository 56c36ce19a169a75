/// A key that verifies signatures of exactly one algorithm, optionally named by a `kid`. The algorithm belongs to the
/// key, never to the token (RFC 8725 §3.1): a token is only checked with keys whose algorithm equals its `alg`.
public struct VerificationKey: Sendable {
    enum Material: Sendable {
        case secret(HMACKey)
        case publicKey(EVPKey)
    }

    /// The `kid` a token must name to select this key, or nil.
    public let kid: String?
    /// The only algorithm this key verifies.
    public let algorithm: JWSAlgorithm
    let material: Material

    /// A shared-secret key for one HMAC algorithm (the secret must not be empty, the algorithm must be HS*).
    public static func hmac(secret: [UInt8], algorithm: JWSAlgorithm = .hs256, kid: String? = nil) -> VerificationKey {
        precondition(algorithm.isHMAC, "an HMAC key needs an HS* algorithm")
        return VerificationKey(kid: kid, algorithm: algorithm, material: .secret(HMACKey(secret: secret)))
    }

    /// True when `signature` is valid for `input` under this key's algorithm.
    func verify(_ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>) -> Bool {
        switch material {
        case .secret(let key):
            return algorithm.isHMAC && key.verify(signature, over: input, algorithm: algorithm)
        case .publicKey(let key):
            return !algorithm.isHMAC
                && SignatureVerification.verify(signature, over: input, key: key, algorithm: algorithm)
        }
    }
}

/// EdDSA over Ed25519 (RFC 8037): 64-byte signatures of the message itself (no separate digest).
///
/// Verification is strict (RFC 8032 §5.1.7, as libsodium): before OpenSSL sees the signature, S must be below the
/// group order L (no malleable second form of a signature) and R must be a canonical encoding of a point that is
/// not of small order. Public keys are held to the same rule when they are loaded (`OKPKey`), so a key of small
/// order, under which any message verifies, never reaches this function from a JWK.
enum EdDSA {
    static let signatureLength = 64
    static let keyLength = 32

    static func verify(_ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>, key: EVPKey) -> Bool {
        guard signature.count == signatureLength,
            Ed25519Encoding.isCanonicalScalar(signature[32..<64]),
            Ed25519Encoding.pointProblem(signature[0..<32]) == nil
        else { return false }
        return signature.withUnsafeBufferPointer { DigestSignature.verify($0, over: input, key: key, digest: nil) }
    }

    static func sign(_ input: UnsafeBufferPointer<UInt8>, key: EVPKey) -> [UInt8]? {
        DigestSignature.sign(input, key: key, digest: nil)
    }
}

/// EdDSA over Ed25519 (RFC 8037): 64-byte signatures of the message itself (no separate digest).
enum EdDSA {
    static let signatureLength = 64
    static let keyLength = 32

    static func verify(_ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>, key: EVPKey) -> Bool {
        guard signature.count == signatureLength else { return false }
        return signature.withUnsafeBufferPointer { DigestSignature.verify($0, over: input, key: key, digest: nil) }
    }

    static func sign(_ input: UnsafeBufferPointer<UInt8>, key: EVPKey) -> [UInt8]? {
        DigestSignature.sign(input, key: key, digest: nil)
    }
}

/// Signing with a private key. Only EdDSA is offered: this service signs its own tokens with Ed25519.
enum SignatureCreation {
    static func sign(_ input: UnsafeBufferPointer<UInt8>, key: EVPKey, algorithm: JWSAlgorithm) -> [UInt8] {
        precondition(algorithm == .edDSA, "only EdDSA private keys are supported")
        guard let signature = EdDSA.sign(input, key: key) else { preconditionFailure("libcrypto failed to sign") }
        return signature
    }
}

/// Signing with a private key, dispatched on the algorithm family.
enum SignatureCreation {
    static func sign(_ input: UnsafeBufferPointer<UInt8>, key: EVPKey, algorithm: JWSAlgorithm) -> [UInt8] {
        preconditionFailure("not implemented")
    }
}

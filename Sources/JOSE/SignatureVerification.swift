/// Verification with an asymmetric key, dispatched on the algorithm family.
enum SignatureVerification {
    static func verify(
        _ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>, key: EVPKey, algorithm: JWSAlgorithm
    ) -> Bool {
        false
    }
}

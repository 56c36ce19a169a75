/// Verification with an asymmetric key, dispatched on the algorithm family.
enum SignatureVerification {
    static func verify(
        _ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>, key: EVPKey, algorithm: JWSAlgorithm
    ) -> Bool {
        switch algorithm {
        case .edDSA: return EdDSA.verify(signature, over: input, key: key)
        case .es256, .es384, .es512: return ECDSA.verify(signature, over: input, key: key, algorithm: algorithm)
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512:
            return RSA.verify(signature, over: input, key: key, algorithm: algorithm)
        case .hs256, .hs384, .hs512: return false
        }
    }
}

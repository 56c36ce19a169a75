/// ES256, ES384, ES512 verification: JOSE r‖s signatures checked and converted to DER for `EVP_DigestVerify`.
enum ECDSA {
    static func verify(
        _ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>, key: EVPKey, algorithm: JWSAlgorithm
    ) -> Bool {
        guard let curve = ECCurve.forAlgorithm(algorithm), let digest = algorithm.digestName,
            let converted = ECDSASignature(raw: signature, curve: curve)
        else { return false }
        return converted.der.withUnsafeBufferPointer {
            DigestSignature.verify($0, over: input, key: key, digest: digest)
        }
    }
}

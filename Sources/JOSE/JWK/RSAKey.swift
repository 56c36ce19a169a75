/// RSA keys (RFC 7518 §6.3): the modulus must have 2048 to 8192 bits. A key without `alg` verifies RS256 only;
/// PS* or RS384/RS512 need `alg` in the JWK, since one key never serves two algorithms.
enum RSAKey {
    static let algorithms: [JWSAlgorithm] = [.rs256, .rs384, .rs512, .ps256, .ps384, .ps512]

    static func verificationKey(_ jwk: JWKMembers, kid: String?) throws(JWKError) -> VerificationKey {
        let algorithm = try jwk.algorithm(allowed: algorithms)
        let modulus = Array(try jwk.requiredBytes("n").drop { $0 == 0 })
        let exponent = Array(try jwk.requiredBytes("e").drop { $0 == 0 })
        guard modulus.count * 8 <= RSA.maximumBits else { throw .invalidKey("modulus is too large") }
        guard let lowest = exponent.last, lowest & 1 == 1, exponent != [1], exponent.count <= 8 else {
            throw .invalidKey("unusable public exponent")
        }
        let key = KeyFactory.make("RSA", selection: KeyFactory.publicKey) { builder in
            builder.push("n", bigEndian: modulus)
            builder.push("e", bigEndian: exponent)
        }
        guard let key else { throw .invalidKey("OpenSSL refused the key") }
        guard key.bits >= RSA.minimumBits else { throw .weakKey }
        return VerificationKey(kid: kid, algorithm: algorithm, material: .publicKey(key))
    }
}

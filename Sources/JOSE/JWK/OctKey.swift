/// Symmetric keys (RFC 7518 §6.4), for HS256 unless `alg` says HS384 or HS512; at least as long as the hash.
enum OctKey {
    static func verificationKey(_ jwk: JWKMembers, kid: String?) throws(JWKError) -> VerificationKey {
        let algorithm = try jwk.algorithm(allowed: [.hs256, .hs384, .hs512])
        let secret = try jwk.requiredBytes("k")
        guard secret.count >= algorithm.digestLength else { throw .weakKey }
        return .hmac(secret: secret, algorithm: algorithm, kid: kid)
    }
}

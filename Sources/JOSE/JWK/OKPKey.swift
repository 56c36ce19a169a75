/// OKP keys (RFC 8037): only `crv` Ed25519, for EdDSA. Other curves (Ed448, X25519, X448) are skipped.
enum OKPKey {
    static func verificationKey(_ jwk: JWKMembers, kid: String?) throws(JWKError) -> VerificationKey? {
        guard try jwk.requiredString("crv") == "Ed25519" else { return nil }
        guard let algorithm = try jwk.algorithm(allowed: [.edDSA]) else { return nil }
        let x = try jwk.requiredBytes("x")
        guard x.count == EdDSA.keyLength else { throw .invalidKey("x must be 32 bytes") }
        guard let key = Ed25519Key.publicKey(x) else { throw .invalidKey("OpenSSL refused the key") }
        return VerificationKey(kid: kid, algorithm: algorithm, material: .publicKey(key))
    }
}

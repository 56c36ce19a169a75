/// OKP keys (RFC 8037): only `crv` Ed25519, for EdDSA. Other curves (Ed448, X25519, X448) are not used.
///
/// `x` must be a canonical encoding (y < 2^255 - 19) of a point that is not of small order: under a key of small
/// order (the identity, for one) a forged signature verifies for any message, and OpenSSL 3 does not refuse them.
enum OKPKey {
    static func verificationKey(_ jwk: JWKMembers, kid: String?) throws(JWKError) -> VerificationKey {
        let curve = try jwk.requiredString("crv")
        guard curve == "Ed25519" else { throw .unsupported("crv \(curve) is not used for signatures here") }
        let algorithm = try jwk.algorithm(allowed: [.edDSA])
        let x = try jwk.requiredBytes("x")
        guard x.count == EdDSA.keyLength else { throw .invalidKey("x must be 32 bytes") }
        if let problem = Ed25519Encoding.pointProblem(x[...]) { throw .invalidKey("x is \(problem)") }
        guard let key = Ed25519Key.publicKey(x) else { throw .invalidKey("OpenSSL refused the key") }
        return VerificationKey(kid: kid, algorithm: algorithm, material: .publicKey(key))
    }
}

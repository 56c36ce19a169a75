/// EC keys (RFC 7518 §6.2): P-256, P-384, P-521, each for its one ECDSA algorithm. The point must lie on the curve.
enum ECKey {
    static func verificationKey(_ jwk: JWKMembers, kid: String?) throws(JWKError) -> VerificationKey {
        let name = try jwk.requiredString("crv")
        guard let curve = ECCurve.named(name) else { throw .unsupported("crv \(name) is not a supported curve") }
        let algorithm = try jwk.algorithm(allowed: [curve.algorithm])
        let x = try jwk.requiredBytes("x")
        let y = try jwk.requiredBytes("y")
        guard x.count == curve.coordinateLength, y.count == curve.coordinateLength else {
            throw .invalidKey("coordinates must be \(curve.coordinateLength) bytes")
        }
        let key = KeyFactory.make("EC", selection: KeyFactory.publicKey) { builder in
            builder.push("group", utf8: curve.groupName)
            builder.push("pub", octets: [0x04] + x + y)
        }
        guard let key, KeyFactory.publicKeyIsValid(key) else { throw .invalidKey("point is not on the curve") }
        return VerificationKey(kid: kid, algorithm: algorithm, material: .publicKey(key))
    }
}

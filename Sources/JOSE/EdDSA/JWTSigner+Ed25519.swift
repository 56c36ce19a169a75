import JSON

extension JWTSigner {
    /// An EdDSA signer from an OKP private JWK (`crv` Ed25519, `d`; `x`, when present, must match `d`). Its `kid`, if
    /// any, goes into every header.
    public static func ed25519(privateJWK: JSONValue) throws(JWKError) -> JWTSigner {
        guard let members = privateJWK.objectValue else { throw .malformed("not a JSON object") }
        let jwk = JWKMembers(members: members)
        guard try jwk.requiredString("kty") == "OKP", try jwk.requiredString("crv") == "Ed25519" else {
            throw .unsupported("not an Ed25519 key")
        }
        switch try jwk.algorithm {
        case .absent, .known(.edDSA): break
        case .known, .other: throw .inconsistentAlgorithm
        }
        let kid = try jwk.string("kid")
        guard let d = try jwk.bytes("d") else { throw .unsupported("not a private key") }
        guard d.count == EdDSA.keyLength, let key = Ed25519Key.privateKey(d), let x = Ed25519Key.rawPublicKey(of: key)
        else { throw .invalidKey("d must be 32 bytes") }
        if let declared = try jwk.bytes("x"), declared != x { throw .invalidKey("x does not match d") }
        return JWTSigner(
            algorithm: .edDSA, kid: kid, material: .privateKey(key),
            publicJWK: .object(Ed25519Key.publicJWK(x: x, kid: kid)))
    }
}

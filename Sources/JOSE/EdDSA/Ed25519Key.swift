import COpenSSL
import JSON

/// Ed25519 keys as `EVP_PKEY`s: from raw bytes, to raw bytes, and freshly generated.
enum Ed25519Key {
    static func publicKey(_ x: [UInt8]) -> EVPKey? {
        KeyFactory.make("ED25519", selection: KeyFactory.publicKey) { $0.push("pub", octets: x) }
    }

    /// A key pair from the 32-byte private key; OpenSSL derives the public half.
    static func privateKey(_ d: [UInt8]) -> EVPKey? {
        KeyFactory.make("ED25519", selection: KeyFactory.keyPair) { $0.push("priv", octets: d) }
    }

    static func generate() -> EVPKey? {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "ED25519", nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_generate(context, &key) == 1, let key else {
            ERR_clear_error()
            return nil
        }
        return EVPKey(taking: key)
    }

    static func rawPublicKey(of key: EVPKey) -> [UInt8]? {
        raw(key, EVP_PKEY_get_raw_public_key)
    }

    static func rawPrivateKey(of key: EVPKey) -> [UInt8]? {
        raw(key, EVP_PKEY_get_raw_private_key)
    }

    /// The 32 bytes that `get` (`EVP_PKEY_get_raw_public_key` or `..._private_key`) writes for `key`.
    private static func raw(
        _ key: EVPKey, _ get: (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int>?) -> Int32
    ) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: EdDSA.keyLength)
        var length = bytes.count
        guard get(key.pointer, &bytes, &length) == 1, length == EdDSA.keyLength else {
            return nil
        }
        return bytes
    }

    /// The public JWK of a key: `{"kty":"OKP","crv":"Ed25519","x",("kid"),"alg":"EdDSA","use":"sig"}`.
    static func publicJWK(x: [UInt8], kid: String?) -> [String: JSONValue] {
        var jwk: [String: JSONValue] = [
            "kty": .string("OKP"), "crv": .string("Ed25519"), "x": .string(Base64URL.encode(x)),
            "alg": .string("EdDSA"), "use": .string("sig"),
        ]
        if let kid { jwk["kid"] = .string(kid) }
        return jwk
    }
}

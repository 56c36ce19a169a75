import COpenSSL

/// Builds `EVP_PKEY`s from raw components with `EVP_PKEY_fromdata`.
enum KeyFactory {
    /// Select the public key and its domain parameters (`EVP_PKEY_PUBLIC_KEY`, a macro Swift cannot import).
    static let publicKey =
        OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS
        | OSSL_KEYMGMT_SELECT_PUBLIC_KEY
    /// Select both halves of a key pair (`EVP_PKEY_KEYPAIR`).
    static let keyPair = publicKey | OSSL_KEYMGMT_SELECT_PRIVATE_KEY

    /// A key of OpenSSL type `type` ("ED25519", "EC", "RSA") from the parameters `fill` pushes; nil when
    /// OpenSSL refuses them.
    static func make(_ type: String, selection: Int32, _ fill: (ParamBuilder) -> Void) -> EVPKey? {
        guard let builder = ParamBuilder(), let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else {
            return nil
        }
        defer { EVP_PKEY_CTX_free(context) }
        fill(builder)
        let key = builder.withParams { params -> OpaquePointer? in
            guard EVP_PKEY_fromdata_init(context) == 1 else { return nil }
            var key: OpaquePointer?
            guard EVP_PKEY_fromdata(context, &key, selection, params) == 1 else {
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
        ERR_clear_error()
        guard let pointer = key ?? nil else { return nil }
        return EVPKey(taking: pointer)
    }

    /// True when OpenSSL's full public-key check passes (for EC: on the curve, not infinity, right order).
    static func publicKeyIsValid(_ key: EVPKey) -> Bool {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { return false }
        defer { EVP_PKEY_CTX_free(context) }
        let valid = EVP_PKEY_public_check(context) == 1
        ERR_clear_error()
        return valid
    }
}

import COpenSSL

/// One-shot `EVP_DigestVerify` / `EVP_DigestSign` with a fresh `EVP_MD_CTX` per call, so one `EVP_PKEY` can serve
/// any number of threads at once.
enum DigestSignature {
    /// Verifies `signature` (in OpenSSL's encoding: DER for ECDSA) over `input`. `digest` is nil for EdDSA;
    /// `configure` may set padding on the key context.
    static func verify(
        _ signature: UnsafeBufferPointer<UInt8>, over input: UnsafeBufferPointer<UInt8>, key: EVPKey,
        digest: String?, configure: (OpaquePointer) -> Bool = { _ in true }
    ) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit_ex(context, &keyContext, digest, nil, nil, key.pointer, nil) == 1,
            let keyContext, configure(keyContext)
        else { return false }
        return EVP_DigestVerify(context, signature.baseAddress, signature.count, input.baseAddress, input.count) == 1
    }

    /// Signs `input`; nil when libcrypto fails.
    static func sign(_ input: UnsafeBufferPointer<UInt8>, key: EVPKey, digest: String?) -> [UInt8]? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        guard EVP_DigestSignInit_ex(context, nil, digest, nil, nil, key.pointer, nil) == 1 else { return nil }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, input.baseAddress, input.count) == 1 else { return nil }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = signature.withUnsafeMutableBufferPointer {
            EVP_DigestSign(context, $0.baseAddress, &length, input.baseAddress, input.count) == 1
        }
        guard signed else { return nil }
        return Array(signature[0..<length])
    }
}

import COpenSSL

/// RS256/384/512 (PKCS #1 v1.5) and PS256/384/512 (PSS, MGF1 with the same hash, salt as long as the hash).
enum RSA {
    /// Smallest modulus accepted (RFC 7518 §3.3).
    static let minimumBits = 2048
    /// Largest modulus accepted: bigger keys only make verification slow.
    static let maximumBits = 8192

    static func verify(
        _ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>, key: EVPKey, algorithm: JWSAlgorithm
    ) -> Bool {
        guard let digest = algorithm.digestName, signature.count == Int(EVP_PKEY_get_size(key.pointer)) else {
            return false
        }
        let isPSS: Bool
        switch algorithm {
        case .rs256, .rs384, .rs512: isPSS = false
        case .ps256, .ps384, .ps512: isPSS = true
        default: return false
        }
        return signature.withUnsafeBufferPointer { signature in
            DigestSignature.verify(signature, over: input, key: key, digest: digest) { context in
                guard isPSS else { return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 }
                return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1
                    && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, RSA_PSS_SALTLEN_DIGEST) == 1
                    && EVP_PKEY_CTX_set_rsa_mgf1_md_name(context, digest, nil) == 1
            }
        }
    }
}

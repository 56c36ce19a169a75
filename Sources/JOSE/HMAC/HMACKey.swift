import COpenSSL

/// A shared secret ready for HS256, HS384 and HS512. Each algorithm has an `EVP_MAC_CTX` keyed once; a MAC is
/// computed on a duplicate of it, so the secret is not re-processed per token and concurrent use needs no lock
/// (the templates are never modified after `init`).
final class HMACKey: @unchecked Sendable {
    private let hs256: OpaquePointer
    private let hs384: OpaquePointer
    private let hs512: OpaquePointer

    /// Keys a context for each HMAC algorithm. The secret must not be empty.
    init(secret: [UInt8]) {
        precondition(!secret.isEmpty, "an HMAC secret must not be empty")
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { preconditionFailure("libcrypto has no HMAC") }
        defer { EVP_MAC_free(mac) }
        hs256 = Self.keyedContext(mac: mac, secret: secret, digest: "SHA256")
        hs384 = Self.keyedContext(mac: mac, secret: secret, digest: "SHA384")
        hs512 = Self.keyedContext(mac: mac, secret: secret, digest: "SHA512")
    }

    deinit {
        EVP_MAC_CTX_free(hs256)
        EVP_MAC_CTX_free(hs384)
        EVP_MAC_CTX_free(hs512)
    }

    private static func keyedContext(mac: OpaquePointer, secret: [UInt8], digest: String) -> OpaquePointer {
        guard let context = EVP_MAC_CTX_new(mac), let builder = ParamBuilder() else {
            preconditionFailure("out of memory")
        }
        builder.push("digest", utf8: digest)
        let keyed = builder.withParams { params in
            secret.withUnsafeBufferPointer { EVP_MAC_init(context, $0.baseAddress, $0.count, params) == 1 }
        }
        guard keyed == true else { preconditionFailure("libcrypto refused an HMAC key") }
        return context
    }

    private func template(for algorithm: JWSAlgorithm) -> OpaquePointer? {
        switch algorithm {
        case .hs256: return hs256
        case .hs384: return hs384
        case .hs512: return hs512
        default: return nil
        }
    }

    /// The MAC of `input` under `algorithm`; nil when the algorithm is not HMAC or libcrypto fails.
    func authenticate(_ input: UnsafeBufferPointer<UInt8>, algorithm: JWSAlgorithm) -> [UInt8]? {
        guard let template = template(for: algorithm), let context = EVP_MAC_CTX_dup(template) else { return nil }
        defer { EVP_MAC_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: 64)
        var length = 0
        let done = output.withUnsafeMutableBufferPointer { buffer in
            EVP_MAC_update(context, input.baseAddress, input.count) == 1
                && EVP_MAC_final(context, buffer.baseAddress, &length, buffer.count) == 1
        }
        guard done, length == algorithm.digestLength else { return nil }
        return Array(output[0..<length])
    }

    /// True when `signature` is exactly the MAC of `input`, compared in constant time.
    func verify(_ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>, algorithm: JWSAlgorithm) -> Bool {
        guard let expected = authenticate(input, algorithm: algorithm), expected.count == signature.count else {
            return false
        }
        return expected.withUnsafeBytes { lhs in
            signature.withUnsafeBytes { rhs in CRYPTO_memcmp(lhs.baseAddress, rhs.baseAddress, lhs.count) == 0 }
        }
    }
}

import COpenSSL

/// Owns one `EVP_PKEY`. OpenSSL allows one key to be used by many threads at once for signing and verifying as
/// long as it is not modified, and nothing modifies it after construction.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Size of the key in bits (the modulus for RSA, the group order for EC).
    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }
}

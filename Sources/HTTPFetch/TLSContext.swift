import CTLS

/// An OpenSSL client context for one fetch: TLS 1.2 or newer, the system's trusted certificates, peer verification
/// required. Each fetch makes its own, so nothing is shared between threads.
final class TLSContext {
    let pointer: OpaquePointer

    /// `extraTrustedFile`, a PEM file of further trusted certificates, exists for tests; production passes nil.
    init(extraTrustedFile: String?) throws(HTTPFetchError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw TLSFailure.error("cannot create a TLS context")
        }
        pointer = context
        guard SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil) == 1 else {
            throw TLSFailure.error("cannot require TLS 1.2")
        }
        guard SSL_CTX_set_default_verify_paths(context) == 1 else {
            throw TLSFailure.error("cannot load the system's trusted certificates")
        }
        if let extraTrustedFile, SSL_CTX_load_verify_locations(context, extraTrustedFile, nil) != 1 {
            throw TLSFailure.error("cannot load trusted certificates from \(extraTrustedFile)")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
    }

    deinit {
        SSL_CTX_free(pointer)
    }
}

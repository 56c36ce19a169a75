import CTLS

/// Turns the thread's OpenSSL error queue into plain words, emptying it so nothing leaks into later calls.
enum TLSFailure {
    /// `context` followed by OpenSSL's reason for the oldest queued error, if there is one.
    static func error(_ context: String) -> HTTPFetchError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return HTTPFetchError(context) }
        return HTTPFetchError("\(context): \(String(cString: reason))")
    }

    /// The failure of a handshake: a certificate verification failure when there was one, else OpenSSL's reason.
    static func handshake(_ session: OpaquePointer, host: String) -> HTTPFetchError {
        let verification = SSL_get_verify_result(session)
        guard verification == Int(X509_V_OK) else {
            ERR_clear_error()
            let reason = String(cString: X509_verify_cert_error_string(verification))
            return HTTPFetchError("certificate verification failed for \(host): \(reason)")
        }
        return error("TLS handshake with \(host) failed")
    }
}

import CTLS

/// A TLS client session over a `SocketConnection`.
///
/// OpenSSL reads and writes memory BIOs and this class moves the bytes across the socket itself, so every wait
/// honours the fetch's deadline and a write to a closed peer can never raise SIGPIPE.
final class TLSConnection: ByteTransport {
    private static let recordSize = 16_384

    private let socket: SocketConnection
    private let session: OpaquePointer
    private let incoming: OpaquePointer
    private let outgoing: OpaquePointer
    private let host: String
    private var socketClosed = false

    /// Performs the handshake, verifying the certificate chain and that it names `host`.
    init(
        over socket: SocketConnection, host: String, isAddressLiteral: Bool, extraTrustedFile: String?
    ) throws(HTTPFetchError) {
        let context = try TLSContext(extraTrustedFile: extraTrustedFile)
        guard let session = SSL_new(context.pointer) else { throw TLSFailure.error("cannot create a TLS session") }
        guard let incoming = BIO_new(BIO_s_mem()) else {
            SSL_free(session)
            throw TLSFailure.error("cannot create TLS buffers")
        }
        guard let outgoing = BIO_new(BIO_s_mem()) else {
            BIO_free(incoming)
            SSL_free(session)
            throw TLSFailure.error("cannot create TLS buffers")
        }
        SSL_set_bio(session, incoming, outgoing)
        self.socket = socket
        self.session = session
        self.incoming = incoming
        self.outgoing = outgoing
        self.host = host
        try expectPeer(named: host, isAddressLiteral: isAddressLiteral)
        SSL_set_connect_state(session)
        let result = drive { SSL_do_handshake(session) }
        switch result {
        case .success: break
        case .closed: throw HTTPFetchError("\(host) closed the connection during the TLS handshake")
        case .failed: throw TLSFailure.handshake(session, host: host)
        case .transport(let error): throw error
        }
    }

    deinit {
        SSL_free(session)
    }

    func send(_ bytes: [UInt8]) throws(HTTPFetchError) {
        guard !bytes.isEmpty else { return }
        let result = drive {
            bytes.withUnsafeBytes { SSL_write(session, $0.baseAddress, Int32($0.count)) }
        }
        switch result {
        case .success: return
        case .closed: throw HTTPFetchError("\(host) closed the TLS connection before the request was sent")
        case .failed: throw TLSFailure.error("sending to \(host) over TLS failed")
        case .transport(let error): throw error
        }
    }

    func receive(maximum: Int) throws(HTTPFetchError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        var count: Int32 = 0
        let result = drive {
            count = buffer.withUnsafeMutableBytes { SSL_read(session, $0.baseAddress, Int32(clamping: $0.count)) }
            return count
        }
        switch result {
        case .success:
            buffer.removeSubrange(Int(count)...)
            return buffer
        case .closed:
            return []
        case .failed:
            throw TLSFailure.error("receiving from \(host) over TLS failed")
        case .transport(let error):
            throw error
        }
    }

    private func expectPeer(named host: String, isAddressLiteral: Bool) throws(HTTPFetchError) {
        if isAddressLiteral {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(session), host) == 1 else {
                throw TLSFailure.error("cannot set the expected certificate address")
            }
            return
        }
        SSL_set_hostflags(session, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        guard SSL_set1_host(session, host) == 1 else { throw TLSFailure.error("cannot set the expected host name") }
        let named = host.withCString {
            SSL_ctrl(
                session, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name),
                UnsafeMutableRawPointer(mutating: $0))
        }
        guard named == 1 else { throw TLSFailure.error("cannot set the server name indication") }
    }

    private enum Outcome {
        case success
        case closed
        case failed
        case transport(HTTPFetchError)
    }

    /// Repeats an OpenSSL operation, shuttling bytes between the memory BIOs and the socket, until it finishes.
    private func drive(_ operation: () -> Int32) -> Outcome {
        while true {
            ERR_clear_error()
            let result = operation()
            let code = result > 0 ? SSL_ERROR_NONE : SSL_get_error(session, result)
            do throws(HTTPFetchError) {
                try flushOutgoing()
                switch code {
                case SSL_ERROR_NONE: return .success
                case SSL_ERROR_ZERO_RETURN: return .closed
                case SSL_ERROR_WANT_WRITE: continue
                case SSL_ERROR_WANT_READ:
                    guard !socketClosed else { return .closed }
                    try fillIncoming()
                default: return .failed
                }
            } catch {
                return code == SSL_ERROR_SSL ? .failed : .transport(error)
            }
        }
    }

    private func flushOutgoing() throws(HTTPFetchError) {
        while BIO_ctrl_pending(outgoing) > 0 {
            var chunk = [UInt8](repeating: 0, count: Self.recordSize)
            let count = chunk.withUnsafeMutableBytes { BIO_read(outgoing, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { return }
            chunk.removeSubrange(Int(count)...)
            try socket.send(chunk)
        }
    }

    private func fillIncoming() throws(HTTPFetchError) {
        let bytes = try socket.receive(maximum: Self.recordSize)
        if bytes.isEmpty {
            socketClosed = true
            BIO_ctrl(incoming, BIO_C_SET_BUF_MEM_EOF_RETURN, 0, nil)
            return
        }
        _ = bytes.withUnsafeBytes { BIO_write(incoming, $0.baseAddress, Int32($0.count)) }
    }
}

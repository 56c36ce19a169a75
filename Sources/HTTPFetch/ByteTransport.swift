/// A connected byte stream, plain or TLS, whose every operation respects the fetch's deadline.
protocol ByteTransport: AnyObject {
    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) throws(HTTPFetchError)

    /// Receives at most `maximum` bytes, waiting for at least one; an empty result means the peer closed the stream.
    func receive(maximum: Int) throws(HTTPFetchError) -> [UInt8]
}

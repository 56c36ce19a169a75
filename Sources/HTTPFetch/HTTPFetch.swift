/// A minimal HTTP/1.0 client for small documents such as a JWKS, built on POSIX sockets and libssl instead of
/// URLSession so the binary does not depend on libcurl. It keeps no state between calls and logs nothing.
public enum HTTPFetch {
    /// GET `url` (http:// or https://, host may be a name, IPv4 or [IPv6], optional :port, path+query), following no
    /// redirects.
    ///
    /// The whole exchange (resolution aside, whose timeout is the system resolver's) must finish within
    /// `timeoutSeconds`. https verifies the certificate chain against the system's trusted certificates and the
    /// host name or address; there is no way to skip that. Any status is returned as is; a body over
    /// `maxBodyBytes` is an error.
    public static func get(
        _ url: String, timeoutSeconds: Double = 5, maxBodyBytes: Int = 1 << 20
    ) throws(HTTPFetchError) -> (status: Int, body: [UInt8]) {
        try fetch(url, timeoutSeconds: timeoutSeconds, maxBodyBytes: maxBodyBytes, extraTrustedFile: nil)
    }

    /// `get`, with what the response's `Cache-Control` says about how long the document stays fresh.
    public static func document(
        _ url: String, timeoutSeconds: Double = 5, maxBodyBytes: Int = 1 << 20
    ) throws(HTTPFetchError) -> FetchedDocument {
        let (head, body) = try exchange(
            url, timeoutSeconds: timeoutSeconds, maxBodyBytes: maxBodyBytes, extraTrustedFile: nil)
        return FetchedDocument(
            status: head.status, body: body,
            maxAgeSeconds: CacheControl.maxAge(head.fields.filter { $0.name == "cache-control" }.map(\.value)))
    }

    /// `get`, also trusting the PEM certificates in `extraTrustedFile`; tests use it to trust a self-signed server.
    static func fetch(
        _ url: String, timeoutSeconds: Double, maxBodyBytes: Int, extraTrustedFile: String?
    ) throws(HTTPFetchError) -> (status: Int, body: [UInt8]) {
        let (head, body) = try exchange(
            url, timeoutSeconds: timeoutSeconds, maxBodyBytes: maxBodyBytes, extraTrustedFile: extraTrustedFile)
        return (head.status, body)
    }

    private static func exchange(
        _ url: String, timeoutSeconds: Double, maxBodyBytes: Int, extraTrustedFile: String?
    ) throws(HTTPFetchError) -> (head: ResponseHead, body: [UInt8]) {
        guard timeoutSeconds.isFinite, timeoutSeconds > 0 else {
            throw HTTPFetchError("the timeout must be a positive number of seconds")
        }
        guard maxBodyBytes >= 0 else { throw HTTPFetchError("the body size limit must not be negative") }
        let target = try FetchURL(parsing: url)
        let deadline = Deadline(secondsFromNow: timeoutSeconds)
        let socket = try SocketConnection.connect(
            host: target.host, port: target.port, isLiteral: target.isAddressLiteral, deadline: deadline)
        let transport: any ByteTransport =
            target.isSecure
            ? try TLSConnection(
                over: socket, host: target.host, isAddressLiteral: target.isAddressLiteral,
                extraTrustedFile: extraTrustedFile)
            : socket
        try transport.send(Request.bytes(for: target))
        var reader = ResponseReader(transport)
        let head = try ResponseHead.read(from: &reader)
        let body = try ResponseBody.read(try BodyFraming(for: head), from: &reader, limit: maxBodyBytes)
        return (head, body)
    }
}

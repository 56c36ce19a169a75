import CFastCGI

/// What a worker does with a request libfcgi has read the params of: copy the params into an `IncomingRequest`,
/// read its body from the FastCGI stdin stream, and write the response to stdout. Public so that the fuzz target
/// runs exactly this code on raw record streams.
public enum FastCGIRequestReader {
    /// The request's params and body. A body that is over `maxBodyBytes` is discarded and marked `bodyTooLarge`;
    /// an invalid CONTENT_LENGTH, or a body that ends before CONTENT_LENGTH bytes (the client closed stdin, or a
    /// record was malformed), leaves the body empty and sets `defect`: a partial body never reaches the handler.
    public static func incoming(from request: inout FCGX_Request, maxBodyBytes: Int) -> IncomingRequest {
        var incoming = IncomingRequest()
        if let parameters = request.envp { incoming.take(parameters: parameters) }
        if let stream = request.in { readBody(into: &incoming, from: stream, maxBodyBytes: maxBodyBytes) }
        return incoming
    }

    /// Writes `response` (its CGI head, then its body) to the request's stdout.
    public static func write(_ response: OutgoingResponse, to request: inout FCGX_Request) {
        put(response.headBytes(), request.out)
        if !response.body.isEmpty { put(response.body, request.out) }
    }

    /// libfcgi's stream must not be read again once it has an error: the next read goes on parsing the bytes after
    /// the record it refused as if they were a header (a refused version hid an FCGI_GET_VALUES record whose pair
    /// lengths aborted the process, found by fuzz-fastcgi). `FCGX_Finish_r` then closes the connection.
    static func readBody(
        into incoming: inout IncomingRequest, from stream: UnsafeMutablePointer<FCGX_Stream>, maxBodyBytes: Int
    ) {
        if FCGX_GetError(stream) != 0 {
            incoming.defect = .malformedRecords
            return
        }
        if incoming.defect != nil {
            discard(stream)
            return
        }
        let declared = incoming.contentLength
        if let declared, declared > maxBodyBytes {
            incoming.bodyTooLarge = true
            discard(stream)
            return
        }
        // nginx sends CONTENT_LENGTH with every body (it buffers the body first), so most requests need a buffer
        // of exactly that size (one byte more, to see a longer one). Without a length (a GET: nginx sends it
        // empty; or another server) the buffer starts small and doubles while bytes come, up to the limit: a
        // buffer of the whole limit, zeroed for every GET, was 2 % of the responder's CPU under list load.
        if declared == 0 { return }
        let limit = (declared ?? maxBodyBytes) + 1
        var body = [UInt8](repeating: 0, count: min(limit, declared == nil ? 4096 : limit))
        var total = 0
        while FCGX_GetError(stream) == 0 {
            if total == body.count {
                guard body.count < limit else { break }
                body.append(contentsOf: repeatElement(0, count: min(body.count, limit - body.count)))
            }
            let read = body.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    FCGX_GetStr(chars.baseAddress! + total, Int32(chars.count - total), stream)
                }
            }
            if read <= 0 { break }
            total += Int(read)
        }
        if total > maxBodyBytes {
            incoming.bodyTooLarge = true
            discard(stream)
            return
        }
        if total == limit { discard(stream) }
        // Short of the declared length, or cut by a protocol error (libfcgi then stops the stream early).
        if total < (declared ?? 0) || FCGX_GetError(stream) != 0 {
            incoming.defect = .incompleteBody
            return
        }
        body.removeSubrange(min(total, declared ?? total)...)
        incoming.body = body
    }

    private static func discard(_ stream: UnsafeMutablePointer<FCGX_Stream>) {
        var scratch = [CChar](repeating: 0, count: 16_384)
        scratch.withUnsafeMutableBufferPointer { buffer in
            while FCGX_GetError(stream) == 0 && FCGX_GetStr(buffer.baseAddress, Int32(buffer.count), stream) > 0 {}
        }
    }

    private static func put(_ bytes: [UInt8], _ stream: UnsafeMutablePointer<FCGX_Stream>?) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = FCGX_PutStr($0.baseAddress, Int32($0.count), stream) }
        }
    }
}

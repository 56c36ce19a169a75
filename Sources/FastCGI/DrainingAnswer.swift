import Glibc

/// The answer to a request that arrives while the server drains: the same FastCGI records libfcgi writes, then a
/// few bytes after END_REQUEST, so that nginx drops the connection instead of caching it for its next request.
///
/// Why this is race-free (nginx's `ngx_http_fastcgi_input_filter`): when END_REQUEST's padding ends exactly where
/// the bytes nginx read end, it marks the connection for its keepalive cache; when more bytes follow in the same
/// read, it only ends the response and closes the connection. And if a read happens to end exactly after
/// END_REQUEST, the trailer is already queued on the socket (one write), so `ngx_http_upstream_free_keepalive_peer`
/// finds the connection readable and closes it rather than caching it. Either way nginx never writes another
/// request onto it, so closing our side afterwards loses nothing. Closing without the trailer would race: nginx
/// may cache the connection and write the next request before it sees our close, then answer a POST with 502.
enum DrainingAnswer {
    private static let versionOne: UInt8 = 1
    private static let stdoutType: UInt8 = 6
    private static let endRequestType: UInt8 = 3
    private static let stderrType: UInt8 = 7
    /// Most content bytes one record carries (FastCGI allows 65535).
    private static let recordContent = 32_768

    /// Writes `response` on `connection` for request `requestID`; false when the connection failed (nginx gone).
    static func write(_ response: OutgoingResponse, requestID: Int32, to connection: Int32) -> Bool {
        var stream = response.headBytes()
        stream.append(contentsOf: response.body)
        var records: [UInt8] = []
        records.reserveCapacity(stream.count + 8 * (stream.count / recordContent + 2))
        var start = 0
        while start < stream.count {
            let end = min(start + recordContent, stream.count)
            records += header(stdoutType, requestID, length: end - start)
            records += stream[start..<end]
            start = end
        }
        records += header(stdoutType, requestID, length: 0)
        // END_REQUEST (appStatus 0, FCGI_REQUEST_COMPLETE) and the trailer go in a write of their own, small
        // enough to be queued whole: nginx never reads END_REQUEST without the trailer already behind it. The
        // trailer is an empty STDERR header, which nginx ignores once the request has ended.
        var end = header(endRequestType, requestID, length: 8)
        end += [0, 0, 0, 0, 0, 0, 0, 0]
        end += header(stderrType, requestID, length: 0)
        return writeAll(records, to: connection) && writeAll(end, to: connection)
    }

    private static func header(_ type: UInt8, _ requestID: Int32, length: Int) -> [UInt8] {
        [
            versionOne, type, UInt8((requestID >> 8) & 0xff), UInt8(requestID & 0xff), UInt8(length >> 8),
            UInt8(length & 0xff), 0, 0,
        ]
    }

    private static func writeAll(_ bytes: [UInt8], to connection: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(connection, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }
}

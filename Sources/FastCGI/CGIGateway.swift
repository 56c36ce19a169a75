import Glibc

/// Answers a single request as a plain CGI program (for hosts that only offer CGI): the request
/// comes from the environment and stdin, the response goes to stdout.
public enum CGIGateway {
    /// True when a web server started this process as a CGI program.
    public static var isCGIInvocation: Bool {
        guard let gateway = getenv("GATEWAY_INTERFACE") else { return false }
        return String(cString: gateway).hasPrefix("CGI/") && ListeningSocket.inherited() == nil
    }

    /// Reads one request, asks `handler`, writes the response. Returns when done. As over FastCGI, an invalid
    /// CONTENT_LENGTH or a body that ends before it (stdin closed early) is marked in `defect`, never passed on
    /// in part.
    public static func serveOne(handler: any RequestHandler, maxBodyBytes: Int) {
        var incoming = IncomingRequest()
        incoming.take(parameters: environ, cgi: true)
        // With a defect nothing is read: the length of the body cannot be trusted.
        if incoming.defect == nil { readBody(into: &incoming, maxBodyBytes: maxBodyBytes) }
        write(handler.handle(incoming))
    }

    private static func readBody(into incoming: inout IncomingRequest, maxBodyBytes: Int) {
        let expected = incoming.contentLength ?? 0
        if expected > maxBodyBytes {
            incoming.bodyTooLarge = true
            return
        }
        guard expected > 0 else { return }
        var body = [UInt8](repeating: 0, count: expected)
        var total = 0
        body.withUnsafeMutableBytes { buffer in
            while total < expected {
                let count = read(0, buffer.baseAddress! + total, expected - total)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                total += count
            }
        }
        if total < expected {
            incoming.defect = .incompleteBody
        } else {
            incoming.body = body
        }
    }

    /// Writes a response to stdout in CGI form.
    public static func write(_ response: OutgoingResponse) {
        writeAll(response.headBytes())
        writeAll(response.body)
    }

    private static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

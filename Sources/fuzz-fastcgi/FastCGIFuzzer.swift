import CFastCGI
import FastCGI
import Glibc

/// One fuzz input as the raw bytes of a FastCGI connection: written into one end of a socketpair, which is then
/// closed, while the other end goes through exactly what a worker of `FastCGIServer` does with a connection
/// (`ParamsGuard.admits`, libfcgi's `FCGX_Accept_r` on it with `keepConnection`, `FastCGIRequestReader`, the
/// response written, `FCGX_Finish_r`), request after request while libfcgi keeps the connection.
///
/// Checked on every input: no crash, no hang (libFuzzer's `-timeout`), no abort inside libfcgi, and for every
/// request read: a body only when there is no defect and it is within the limit, and then exactly CONTENT_LENGTH
/// bytes when one was sent (never a partial body).
enum FastCGIFuzzer {
    /// A small limit, so that inputs of a few KiB reach the over-the-limit paths.
    static let maxBodyBytes = 1024
    /// Requests read from one input at most (libfcgi keeps the connection while they ask it to).
    static let maxRequests = 32

    private static let prepared: Void = {
        FCGX_Init()
        signal(SIGPIPE, SIG_IGN)  // as the server: answers to a closed peer fail with EPIPE
    }()

    /// Runs one input; returns how many requests were read from it.
    @discardableResult
    static func run(_ data: [UInt8]) -> Int {
        _ = prepared
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            fatalError("fuzz-fastcgi: socketpair failed: errno \(errno)")
        }
        send(data, into: ends[0])
        close(ends[0])
        var request = FCGX_Request()
        FCGX_InitRequest(&request, -1, 0)
        var connection = ends[1]
        var served = 0
        while connection >= 0 && served < maxRequests {
            guard ParamsGuard.admits(connection) else {
                close(connection)
                break
            }
            request.ipcFd = connection
            request.keepConnection = 1
            connection = -1
            guard FCGX_Accept_r(&request) >= 0 else {
                if request.ipcFd >= 0 { FCGX_Free(&request, 1) }
                break
            }
            let incoming = FastCGIRequestReader.incoming(from: &request, maxBodyBytes: maxBodyBytes)
            check(incoming)
            FastCGIRequestReader.write(answer(incoming), to: &request)
            FCGX_Finish_r(&request)
            served += 1
            if request.ipcFd >= 0 {  // kept: the server would queue it again
                connection = request.ipcFd
                request.ipcFd = -1
            }
        }
        if connection >= 0 { close(connection) }
        return served
    }

    /// Writes as much of `data` as the socket takes (its buffer is raised first; libFuzzer's inputs are small).
    private static func send(_ data: [UInt8], into socket: Int32) {
        var size: Int32 = 1 << 20
        _ = setsockopt(socket, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(socket, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private static func check(_ incoming: IncomingRequest) {
        if incoming.defect != nil || incoming.bodyTooLarge {
            guard incoming.body.isEmpty else { fatalError("a body beside a defect or bodyTooLarge") }
            return
        }
        guard incoming.body.count <= maxBodyBytes else { fatalError("a body over the limit") }
        if let declared = incoming.contentLength, declared != incoming.body.count {
            fatalError("CONTENT_LENGTH \(declared) but a body of \(incoming.body.count) bytes")
        }
    }

    private static func answer(_ incoming: IncomingRequest) -> OutgoingResponse {
        let status = incoming.defect != nil ? 400 : incoming.bodyTooLarge ? 413 : 200
        return OutgoingResponse(
            status: status, reason: "Fuzz", headers: [("Content-Type", "application/json")],
            body: Array("{\"bytes\":\(incoming.body.count)}".utf8))
    }
}

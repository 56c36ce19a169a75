import CFastCGI
import Glibc

/// A pool of worker threads answering FastCGI requests on one listening socket.
///
/// Each thread owns one `FCGX_Request` and one handler (and so one database connection). There is
/// no accept mutex: with `fastcgi_keep_conn on` an idle kept connection holds its thread, and a mutex
/// would block every other thread behind it. SIGTERM and SIGINT stop the server gracefully: idle
/// workers are interrupted, busy ones finish their request, and `run()` returns.
public final class FastCGIServer: Sendable {
    /// How long `run()` waits for busy workers after a stop signal.
    public static let shutdownGrace = 4.5

    private let listenDescriptor: Int32
    private let threadCount: Int
    private let maxBodyBytes: Int
    private let makeHandler: @Sendable () -> any RequestHandler
    private let registry: WorkerRegistry

    /// - Parameters:
    ///   - listenDescriptor: a listening socket (ours, or fd 0 inherited from spawn-fcgi).
    ///   - threads: worker threads; keep well above the number of connections nginx keeps alive.
    ///   - maxBodyBytes: a longer body is discarded and the request marked `bodyTooLarge`.
    ///   - makeHandler: called once on each worker thread to make that thread's handler.
    public init(
        listenDescriptor: Int32, threads: Int, maxBodyBytes: Int,
        makeHandler: @escaping @Sendable () -> any RequestHandler
    ) {
        self.listenDescriptor = listenDescriptor
        self.threadCount = max(1, threads)
        self.maxBodyBytes = maxBodyBytes
        self.makeHandler = makeHandler
        self.registry = WorkerRegistry(count: max(1, threads))
    }

    /// Serves until SIGTERM or SIGINT, then returns once in-flight requests are answered (or the
    /// grace period is over). Call from the main thread before any other thread is started.
    /// - Returns: the signal that stopped the server.
    @discardableResult
    public func run() -> Int32 {
        FCGX_Init()
        Signals.prepareForWorkers()
        for index in 0..<threadCount {
            let thread = WorkerThread.start { [self] in self.work(index) }
            registry.register(index, thread: thread)
        }
        let received = Signals.waitForStop()
        let deadline = RequestLog.monotonicSeconds() + Self.shutdownGrace
        while registry.stopAndInterruptIdle(signal: Signals.wakeSignal) > 0 {
            if RequestLog.monotonicSeconds() > deadline {
                RequestLog.write("shutdown: grace period over with requests still running")
                break
            }
            usleep(10_000)
        }
        return received
    }

    private func work(_ index: Int) {
        var request = FCGX_Request()
        FCGX_InitRequest(&request, listenDescriptor, Int32(FCGI_FAIL_ACCEPT_ON_INTR))
        let handler = makeHandler()
        while registry.enterIdle(index) {
            if !waitOnKeptConnection(&request) { break }
            let accepted = FCGX_Accept_r(&request)
            registry.leaveIdle(index)
            guard accepted >= 0 else {
                if registry.isStopping { break }
                if accepted != -EINTR {
                    RequestLog.write("accept failed: \(String(cString: strerror(-accepted)))")
                    usleep(10_000)
                }
                continue
            }
            serve(&request, handler)
            FCGX_Finish_r(&request)
        }
        FCGX_Free(&request, 1)
        registry.exited(index)
    }

    /// How long a kept connection may sit idle while another connection waits for a worker (nginx reuses its most
    /// recently used connections first, so one idle this long is one it is not using).
    static let idleYieldSeconds = 0.01
    /// At most one worker gives up its kept connection per this interval, so a single new connection does not
    /// make every idle worker drop nginx's cached connections at once.
    static let yieldIntervalSeconds = 0.002

    /// With `fastcgi_keep_conn on`, a worker that answered a request keeps waiting on that connection for nginx's
    /// next request. When nginx has opened more connections than there are workers (a burst), the newest ones sit
    /// in the listen queue while every worker waits on an idle kept connection that nginx is not using: nothing
    /// moves until nginx times out (504). So a worker whose kept connection has been idle for a while, while a
    /// connection waits to be accepted, closes its connection (nginx drops a closed connection from its cache) and
    /// takes the waiting one. Returns false when the server is stopping.
    private func waitOnKeptConnection(_ request: inout FCGX_Request) -> Bool {
        guard request.ipcFd >= 0 else { return true }
        let idleSince = RequestLog.monotonicSeconds()
        while true {
            let now = RequestLog.monotonicSeconds()
            let remaining = Self.idleYieldSeconds - (now - idleSince)
            var watched = [
                pollfd(fd: request.ipcFd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: listenDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            // Until the idle time is up only the kept connection is watched.
            let ready = poll(&watched, remaining > 0 ? 1 : 2, remaining > 0 ? Int32(remaining * 1000) + 1 : -1)
            if ready < 0 { return errno == EINTR ? !registry.isStopping : true }
            if watched[0].revents != 0 { return true }
            guard ready > 0, watched[1].revents != 0 else { continue }
            if registry.claimYield(now: now, interval: Self.yieldIntervalSeconds) {
                FCGX_Free(&request, 1)
                return true
            }
            // Another worker is taking this one; look again shortly, watching only our connection meanwhile.
            var own = [pollfd(fd: request.ipcFd, events: Int16(POLLIN), revents: 0)]
            let waited = poll(&own, 1, Int32(Self.yieldIntervalSeconds * 1000))
            if waited < 0 { return errno == EINTR ? !registry.isStopping : true }
            if waited > 0 { return true }
        }
    }

    private func serve(_ request: inout FCGX_Request, _ handler: any RequestHandler) {
        let started = RequestLog.monotonicSeconds()
        var incoming = IncomingRequest()
        if let parameters = request.envp { incoming.take(parameters: parameters) }
        readBody(into: &incoming, from: request.in)
        let response = handler.handle(incoming)
        let head = response.headBytes()
        head.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = FCGX_PutStr($0.baseAddress, Int32($0.count), request.out) }
        }
        if !response.body.isEmpty {
            response.body.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    _ = FCGX_PutStr($0.baseAddress, Int32($0.count), request.out)
                }
            }
        }
        let elapsed = (RequestLog.monotonicSeconds() - started) * 1000
        RequestLog.write(
            "rid=\(incoming.requestID.isEmpty ? "-" : incoming.requestID) \(incoming.method) "
                + "\(RequestLog.pathForLog(incoming.requestURI)) \(response.status) "
                + "\(Self.milliseconds(elapsed))ms")
    }

    private func readBody(into incoming: inout IncomingRequest, from stream: UnsafeMutablePointer<FCGX_Stream>?) {
        guard let stream else { return }
        let declared = incoming.contentLength
        if let declared, declared > maxBodyBytes {
            incoming.bodyTooLarge = true
            discard(stream)
            return
        }
        // nginx sends CONTENT_LENGTH with every body (it buffers the body first), so most requests need a buffer
        // of exactly that size, and a GET none; without a length (another server) we read up to the limit.
        if declared == 0 { return }
        var body = [UInt8](repeating: 0, count: (declared ?? maxBodyBytes) + 1)
        var total = 0
        body.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                while total < chars.count {
                    let read = FCGX_GetStr(chars.baseAddress! + total, Int32(chars.count - total), stream)
                    if read <= 0 { break }
                    total += Int(read)
                }
            }
        }
        if total > maxBodyBytes {
            incoming.bodyTooLarge = true
            discard(stream)
            return
        }
        if total == body.count { discard(stream) }
        body.removeSubrange(min(total, declared ?? total)...)
        incoming.body = body
    }

    private func discard(_ stream: UnsafeMutablePointer<FCGX_Stream>) {
        var scratch = [CChar](repeating: 0, count: 16_384)
        scratch.withUnsafeMutableBufferPointer { buffer in
            while FCGX_GetStr(buffer.baseAddress, Int32(buffer.count), stream) > 0 {}
        }
    }

    static func milliseconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

import CFastCGI
import Glibc
import Locks
import Metrics

/// A pool of worker threads answering FastCGI requests on one listening socket.
///
/// Each thread owns one `FCGX_Request` and one handler (and so one database connection). Threads are not tied
/// to connections: between requests every connection waits in a `ConnectionQueue`, and an idle worker takes
/// whichever has a request first (libfcgi only reads and writes the records of the connection it is handed;
/// workers accept new connections themselves). SIGTERM and SIGINT stop the server gracefully: idle workers are
/// interrupted, busy ones finish their request, and `run()` returns.
public final class FastCGIServer: Sendable {
    /// How long `run()` waits for busy workers after a stop signal.
    public static let shutdownGrace = 4.5

    private let listenDescriptor: Int32
    private let threadCount: Int
    private let maxBodyBytes: Int
    private let makeHandler: @Sendable () -> any RequestHandler
    private let registry: WorkerRegistry
    private let listensOnTCP: Bool
    private let queue: ConnectionQueue
    private let openConnections: Counter
    private let drain = Drain()

    /// - Parameters:
    ///   - listenDescriptor: a listening socket (ours, or fd 0 inherited from spawn-fcgi).
    ///   - threads: worker threads, how many requests are answered at once (connections are not limited by it).
    ///   - maxBodyBytes: a longer body is discarded and the request marked `bodyTooLarge` (see
    ///     `FastCGIRequestReader`).
    ///   - openConnections: a gauge of the connections open now (nginx's, kept or in use), for the metrics.
    ///   - makeHandler: called once on each worker thread to make that thread's handler.
    public init(
        listenDescriptor: Int32, threads: Int, maxBodyBytes: Int, openConnections: Counter = Counter(),
        makeHandler: @escaping @Sendable () -> any RequestHandler
    ) {
        self.openConnections = openConnections
        self.listenDescriptor = listenDescriptor
        self.threadCount = max(1, threads)
        self.maxBodyBytes = maxBodyBytes
        self.makeHandler = makeHandler
        self.registry = WorkerRegistry(count: max(1, threads))
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listenDescriptor, $0, &length) }
        }
        self.listensOnTCP = named == 0 && Int32(address.ss_family) != AF_UNIX
        self.queue = ConnectionQueue(listenDescriptor: listenDescriptor)
    }

    /// Serves until SIGTERM or SIGINT, then drains (see `Drain`) and returns once in-flight requests are answered
    /// (or the grace period is over). Call from the main thread before any other thread is started.
    /// - Parameter onHangUp: called on the main thread for each SIGHUP (reopen the log file); serving goes on.
    /// - Returns: the signal that stopped the server.
    @discardableResult
    public func run(onHangUp: () -> Void = {}) -> Int32 {
        FCGX_Init()
        Signals.prepareForWorkers()
        for index in 0..<threadCount {
            let thread = WorkerThread.start { [self] in self.work(index) }
            registry.register(index, thread: thread)
        }
        let received = Signals.waitForStop(onHangUp: onHangUp)
        let deadline = MonotonicCondition.now() + Self.shutdownGrace
        drain.run(queue: queue, registry: registry, until: deadline)
        while registry.stopAndInterruptIdle(signal: Signals.wakeSignal) > 0 {
            if MonotonicCondition.now() > deadline {
                RequestLog.event(.warn, "shutdown: grace period over with requests still running")
                break
            }
            usleep(10_000)
        }
        return received
    }

    private func work(_ index: Int) {
        var request = FCGX_Request()
        // No listening socket for libfcgi: FCGX_Accept_r only reads the request on the connection it is handed (when
        // that connection has ended, it closes it and fails with EBADF instead of accepting).
        FCGX_InitRequest(&request, -1, Int32(FCGI_FAIL_ACCEPT_ON_INTR))
        let handler = makeHandler()
        while registry.enterIdle(index) {
            let connection: Int32
            switch queue.next() {
            case .interrupted:
                continue
            case .incoming:
                acceptPending()
                continue
            case .readable(let descriptor):
                connection = descriptor
            }
            guard ParamsGuard.admits(connection) else {
                RequestLog.event(.warn, "closed a connection whose FastCGI params could not be read safely")
                close(connection)
                openConnections.add(-1)
                continue
            }
            request.ipcFd = connection
            request.keepConnection = 1  // else FCGX_Accept_r would first close it as the end of a previous request
            let accepted = FCGX_Accept_r(&request)
            registry.leaveIdle(index)
            guard accepted >= 0 else {
                if accepted != -EINTR && accepted != -EBADF {
                    RequestLog.event(.error, "reading a request failed: \(String(cString: strerror(-accepted)))")
                }
                if request.ipcFd >= 0 { FCGX_Free(&request, 1) }
                openConnections.add(-1)  // closed by libfcgi (the peer had ended it) or just now
                if registry.isStopping { break }
                continue
            }
            let draining = drain.isDraining
            serve(&request, handler, draining: draining)
            if draining {
                closeAnswered(&request)
                continue
            }
            FCGX_Finish_r(&request)
            // Kept by nginx: back to the queue, detached from this worker first (another may take it at once).
            if request.ipcFd >= 0 {
                let kept = request.ipcFd
                request.ipcFd = -1
                queue.watch(kept, new: false)
            } else {
                openConnections.add(-1)  // FCGX_Finish_r closed it: nginx did not ask to keep it
            }
        }
        FCGX_Free(&request, 1)
        registry.exited(index)
    }

    /// Most connections one wake-up accepts before the worker waits again (the listening socket stays ready, so
    /// the wait returns at once and another idle worker may share the work).
    static let acceptBurst = 512

    /// Accepts every connection waiting on the (non-blocking) listening socket, until it would block, and watches
    /// each for its first request. One connection per wake-up left the backlog full under a thousand clients
    /// connecting at once. Other workers may accept from the same socket meanwhile: whoever finds it empty stops.
    private func acceptPending() {
        for _ in 0..<Self.acceptBurst where !drain.isDraining {
            switch acceptConnection() {
            case .connection(let descriptor):
                openConnections.add()
                queue.watch(descriptor, new: true)
            case .retry: continue
            case .drained: return
            }
        }
    }

    private enum Accepted {
        case connection(Int32)
        /// The connection was aborted before accept, or a signal came: try the next one.
        case retry
        /// None left (another worker may have taken it), or accept failed (logged).
        case drained
    }

    private func acceptConnection() -> Accepted {
        // accept(2) on Linux does not pass O_NONBLOCK on: the connection blocks, as libfcgi's reads expect.
        let descriptor = accept(listenDescriptor, nil, nil)
        guard descriptor >= 0 else {
            switch errno {
            case EAGAIN: return .drained
            case EINTR, ECONNABORTED: return .retry
            default:
                RequestLog.event(.error, "accept failed: \(String(cString: strerror(errno)))")
                usleep(10_000)
                return .drained
            }
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        if listensOnTCP {  // as libfcgi does: FastCGI records are written whole, Nagle only delays them
            var on: Int32 = 1
            _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        return .connection(descriptor)
    }

    /// After a drain answer (which nginx does not cache): frees the request and closes its connection.
    private func closeAnswered(_ request: inout FCGX_Request) {
        FCGX_Free(&request, 0)
        close(request.ipcFd)
        request.ipcFd = -1
        openConnections.add(-1)
        drain.answeredAndClosed()
    }

    private func serve(_ request: inout FCGX_Request, _ handler: any RequestHandler, draining: Bool) {
        let started = MonotonicCondition.now()
        let incoming = FastCGIRequestReader.incoming(from: &request, maxBodyBytes: maxBodyBytes)
        let response = handler.handle(incoming)
        if draining {
            _ = DrainingAnswer.write(response, requestID: request.requestId, to: request.ipcFd)
        } else {
            FastCGIRequestReader.write(response, to: &request)
        }
        let seconds = MonotonicCondition.now() - started
        handler.finished(seconds: seconds)
        RequestLog.request(
            requestID: incoming.requestID, method: incoming.method, requestURI: incoming.requestURI,
            status: response.status, milliseconds: seconds * 1000)
    }
}

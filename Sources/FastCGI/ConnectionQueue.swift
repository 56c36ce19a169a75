import CFastCGI
import Glibc

/// Every connection between requests, and the listening socket, in one epoll set that all idle workers wait on.
///
/// nginx (`fastcgi_keep_conn on`) opens one upstream connection per request in flight and reuses the idle ones,
/// most recently used first. A connection is armed one-shot: when a request arrives on it, exactly one idle
/// worker gets it, and the connection is armed again only after the answer. So workers are not tied to
/// connections: any number of connections share the pool, requests are taken in the order they became ready,
/// and no connection is ever closed while nginx may be writing into it (nginx answers 502 to a POST or PATCH
/// whose connection closes under it, since it retries only idempotent requests).
final class ConnectionQueue: Sendable {
    /// What an idle worker gets from `next()`.
    enum Event {
        /// A connection with a request (or its end) to read.
        case readable(Int32)
        /// A new connection waits on the listening socket.
        case incoming
        /// A signal interrupted the wait.
        case interrupted
    }

    private let pollDescriptor: Int32
    private let listenDescriptor: Int32

    /// Watches `listenDescriptor`, which is made non-blocking (workers that find no connection left go back to
    /// waiting instead of blocking in accept).
    init(listenDescriptor: Int32) {
        self.listenDescriptor = listenDescriptor
        pollDescriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(pollDescriptor >= 0, "epoll_create1 failed: errno \(errno)")
        let flags = fcntl(listenDescriptor, F_GETFL)
        _ = fcntl(listenDescriptor, F_SETFL, flags | O_NONBLOCK)
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = listenDescriptor
        precondition(
            epoll_ctl(pollDescriptor, EPOLL_CTL_ADD, listenDescriptor, &event) == 0,
            "epoll_ctl on the listening socket failed: errno \(errno)")
    }

    /// Stops watching the listening socket (a drain): connections nginx opens from now on wait in the kernel's
    /// backlog for the next process. A worker already woken for one finds `Drain.isDraining` and does not accept.
    func stopListening() {
        _ = epoll_ctl(pollDescriptor, EPOLL_CTL_DEL, listenDescriptor, nil)
    }

    /// Blocks until a connection has a request, a new connection waits, or a signal arrives.
    func next() -> Event {
        var event = epoll_event()
        let count = epoll_wait(pollDescriptor, &event, 1, -1)
        guard count == 1 else { return .interrupted }
        return event.data.fd == listenDescriptor ? .incoming : .readable(event.data.fd)
    }

    /// Watches `connection` for its next request (or its end), for one delivery; `new` for a connection not
    /// watched before. The caller must not touch the connection afterwards: another worker may already have it.
    func watch(_ connection: Int32, new: Bool) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLONESHOT.rawValue
        event.data.fd = connection
        if epoll_ctl(pollDescriptor, new ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, connection, &event) != 0 {
            RequestLog.event(.error, "epoll_ctl failed: \(String(cString: strerror(errno))); connection closed")
            close(connection)
        }
    }
}

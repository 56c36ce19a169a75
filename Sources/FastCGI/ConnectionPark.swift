import CFastCGI
import Glibc
import Synchronization

/// Kept connections that no worker is waiting on, watched by one thread of their own.
///
/// nginx (`fastcgi_keep_conn on`) opens as many connections as it has requests in flight and reuses the idle ones.
/// When there are more connections than workers, a worker leaves an idle kept connection here to take one that has
/// a request waiting, instead of closing it: nginx may be writing a request into that connection at that moment,
/// and for a POST or PATCH it would answer 502 rather than retry. The watcher moves a parked connection that becomes
/// readable to a ready queue, which idle workers take from (`readyDescriptor` is readable while it is not empty),
/// and closes one that nginx has closed.
final class ConnectionPark: Sendable {
    private struct State {
        var parked: [Int32] = []
        var ready: [Int32] = []
    }

    private let state = Mutex(State())
    /// Counts the ready queue (a semaphore eventfd): readable while a parked connection has a request waiting.
    let readyDescriptor: Int32
    /// Wakes the watcher when a connection is parked.
    private let parkedDescriptor: Int32

    init() {
        readyDescriptor = eventfd(0, Int32(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
        parkedDescriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        precondition(readyDescriptor >= 0 && parkedDescriptor >= 0, "eventfd failed: errno \(errno)")
    }

    /// Hands an idle kept connection to the watcher.
    func park(_ descriptor: Int32) {
        state.withLock { $0.parked.append(descriptor) }
        eventfd_write(parkedDescriptor, 1)
    }

    /// A parked connection with a request waiting, if there is one not yet taken by another worker.
    func takeReady() -> Int32? {
        var value: eventfd_t = 0
        guard eventfd_read(readyDescriptor, &value) == 0 else { return nil }
        return state.withLock { $0.ready.isEmpty ? nil : $0.ready.removeFirst() }
    }

    /// The watcher's loop (never returns): waits on every parked connection at once.
    func watch() {
        while true {
            let parked = state.withLock { $0.parked }
            var watched = [pollfd(fd: parkedDescriptor, events: Int16(POLLIN), revents: 0)]
            watched += parked.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&watched, nfds_t(watched.count), -1) > 0 else { continue }
            if watched[0].revents != 0 {
                var value: eventfd_t = 0
                eventfd_read(parkedDescriptor, &value)
            }
            for entry in watched.dropFirst() where entry.revents != 0 {
                state.withLock { $0.parked.removeAll { $0 == entry.fd } }
                if Self.peerClosed(entry) {
                    close(entry.fd)
                } else {
                    state.withLock { $0.ready.append(entry.fd) }
                    eventfd_write(readyDescriptor, 1)
                }
            }
        }
    }

    /// True when nginx has closed the connection (end of stream, no request in it) or it failed.
    private static func peerClosed(_ entry: pollfd) -> Bool {
        if entry.revents & Int16(POLLERR | POLLNVAL) != 0 { return true }
        var byte: UInt8 = 0
        return recv(entry.fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 0
    }
}

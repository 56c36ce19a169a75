import Glibc

/// A non-blocking TCP connection whose connect, send and receive each wait with poll, never past the deadline.
final class SocketConnection: ByteTransport {
    private let descriptor: Int32
    private let deadline: Deadline
    private let peer: String

    private init(descriptor: Int32, deadline: Deadline, peer: String) {
        self.descriptor = descriptor
        self.deadline = deadline
        self.peer = peer
    }

    deinit {
        close(descriptor)
    }

    /// Connects to the first of `host`'s addresses that accepts, trying them in turn until the deadline.
    static func connect(
        host: String, port: UInt16, isLiteral: Bool, deadline: Deadline
    ) throws(HTTPFetchError) -> SocketConnection {
        let peer = "\(host) port \(port)"
        var lastFailure = HTTPFetchError("cannot connect to \(peer)")
        for address in try AddressResolver.resolve(host: host, port: port, isLiteral: isLiteral) {
            do {
                return try connect(to: address, peer: peer, deadline: deadline)
            } catch {
                lastFailure = error
                if deadline.remainingMilliseconds == 0 { break }
            }
        }
        throw lastFailure
    }

    private static func connect(
        to address: ResolvedAddress, peer: String, deadline: Deadline
    ) throws(HTTPFetchError) -> SocketConnection {
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(address.family, flags, 0)
        guard descriptor >= 0 else { throw HTTPFetchError("cannot create a socket: \(errorText(errno))") }
        let connection = SocketConnection(descriptor: descriptor, deadline: deadline, peer: peer)
        var storage = address.storage
        let started = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, address.length) }
        }
        if started == 0 { return connection }
        guard errno == EINPROGRESS || errno == EINTR else { throw connection.connectFailure(errno) }
        try connection.wait(for: Int16(POLLOUT), doing: "connecting to")
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length) == 0 else {
            throw connection.connectFailure(errno)
        }
        guard failure == 0 else { throw connection.connectFailure(failure) }
        return connection
    }

    func send(_ bytes: [UInt8]) throws(HTTPFetchError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent >= 0 {
                offset += sent
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLOUT), doing: "sending to")
            } else if errno != EINTR {
                throw HTTPFetchError("sending to \(peer) failed: \(Self.errorText(errno))")
            }
        }
    }

    func receive(maximum: Int) throws(HTTPFetchError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 {
                buffer.removeSubrange(count...)
                return buffer
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLIN), doing: "waiting for an answer from")
            } else if errno != EINTR {
                throw HTTPFetchError("receiving from \(peer) failed: \(Self.errorText(errno))")
            }
        }
    }

    /// Waits until the socket is ready for `events` (or has an error to report), or throws when the deadline passes.
    private func wait(for events: Int16, doing activity: String) throws(HTTPFetchError) {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let remaining = deadline.remainingMilliseconds
            guard remaining > 0 else { throw HTTPFetchError("timed out \(activity) \(peer)") }
            let ready = poll(&entry, 1, remaining)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw HTTPFetchError("waiting for \(peer) failed: \(Self.errorText(errno))")
            }
        }
    }

    private func connectFailure(_ code: Int32) -> HTTPFetchError {
        code == ECONNREFUSED
            ? HTTPFetchError("connection to \(peer) refused")
            : HTTPFetchError("cannot connect to \(peer): \(Self.errorText(code))")
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

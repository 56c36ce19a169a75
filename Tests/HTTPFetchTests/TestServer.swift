import Glibc

/// A one-connection HTTP server on the loopback interface for a single test, run on its own POSIX thread: it
/// accepts one connection, reads the request head, then follows its script.
final class TestServer: @unchecked Sendable {
    /// What the server does once it has read the request head.
    enum Script: Sendable {
        /// Sends these bytes, then closes the connection.
        case reply([UInt8])
        /// Sends nothing and waits for the client to hang up.
        case stayQuiet
    }

    let port: UInt16
    private let listener: Int32
    private let script: Script
    private var thread = pthread_t()
    /// Written by the server thread, read only after `pthread_join`.
    private var request: [UInt8] = []

    /// Starts listening on 127.0.0.1 (or ::1 when `ipv6`) at a port the system picks.
    init(_ script: Script, ipv6: Bool = false) {
        self.script = script
        let family = ipv6 ? AF_INET6 : AF_INET
        listener = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        precondition(listener >= 0, "socket failed")
        port = ipv6 ? Self.bindIPv6(listener) : Self.bindIPv4(listener)
        precondition(listen(listener, 8) == 0, "listen failed")
        let context = Unmanaged.passRetained(self).toOpaque()
        precondition(pthread_create(&thread, nil, serverThreadMain, context) == 0, "pthread_create failed")
    }

    /// A server that replies with `text` and closes.
    convenience init(replying text: String) {
        self.init(.reply(Array(text.utf8)))
    }

    /// `http://127.0.0.1:<port>` followed by `path`.
    func url(_ path: String = "/") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Stops accepting, waits for the server thread, and returns the request head it read.
    func finish() -> String {
        shutdown(listener, Int32(SHUT_RDWR))
        pthread_join(thread, nil)
        close(listener)
        return String(decoding: request, as: UTF8.self)
    }

    fileprivate func serve() {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let terminator = Array("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: terminator) {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            request += chunk[..<count]
        }
        switch script {
        case .reply(let bytes):
            var offset = 0
            while offset < bytes.count {
                let sent = bytes.withUnsafeBytes {
                    send(connection, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
                }
                guard sent > 0 else { return }
                offset += sent
            }
        case .stayQuiet:
            while chunk.withUnsafeMutableBytes({ recv(connection, $0.baseAddress, $0.count, 0) }) > 0 {}
        }
    }

    private static func bindIPv4(_ descriptor: Int32) -> UInt16 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        bindAndReadBack(descriptor, &address)
        return UInt16(bigEndian: address.sin_port)
    }

    private static func bindIPv6(_ descriptor: Int32) -> UInt16 {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        bindAndReadBack(descriptor, &address)
        return UInt16(bigEndian: address.sin6_port)
    }

    /// Binds `descriptor` to `address` (a `sockaddr_in` or `sockaddr_in6` with port 0) and reads back into it the
    /// address the system gave, port included.
    private static func bindAndReadBack<Address>(_ descriptor: Int32, _ address: inout Address) {
        var length = socklen_t(MemoryLayout<Address>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                precondition(bind(descriptor, $0, length) == 0, "bind failed")
                precondition(getsockname(descriptor, $0, &length) == 0, "getsockname failed")
            }
        }
    }
}

private func serverThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    Unmanaged<TestServer>.fromOpaque(context!).takeRetainedValue().serve()
    return nil
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}

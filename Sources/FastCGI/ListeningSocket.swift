import Glibc

/// Opening the listening socket ourselves, rather than with `FCGX_OpenSocket`, which exits the
/// process on a bind failure and binds every address for `:port`.
public enum ListeningSocket {
    /// A socket that could not be opened, phrased for the operator.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// The inherited listening socket on fd 0 (what spawn-fcgi hands over), if there is one.
    public static func inherited() -> Int32? {
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0, accepting == 1 else { return nil }
        return 0
    }

    /// The listen backlog: room for a few thousand clients connecting at once (nginx opens one upstream
    /// connection per request in flight). Linux caps it at `net.core.somaxconn` (4096 since 5.4).
    public static let defaultBacklog: Int32 = 4096

    /// Binds and listens on `address`. A unix socket gets mode 0660 (owner and group only) and its
    /// directory is created with mode 0750; a stale socket file is replaced, a live one is an error.
    public static func open(_ address: ListenAddress, backlog: Int32 = defaultBacklog) throws(Problem) -> Int32 {
        switch address {
        case .unix(let path): return try openUnix(path: path, backlog: backlog)
        case .tcp(let host, let port): return try openTCP(host: host, port: port, backlog: backlog)
        }
    }

    private static func openUnix(path: String, backlog: Int32) throws(Problem) -> Int32 {
        try makeParentDirectory(of: path)
        var address = sockaddr_un()
        guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Problem(description: "\(path) is longer than a unix socket path may be")
        }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        var status = stat()
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFSOCK else {
                throw Problem(description: "\(path) exists and is not a socket; refusing to replace it")
            }
            if isLive(&address) {
                throw Problem(description: "\(path) is in use by another running responder")
            }
            unlink(path)
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Problem(description: "cannot create a socket: \(errnoText())") }
        let previousMask = umask(0o117)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        umask(previousMask)
        guard bound == 0 else {
            let reason = errnoText()
            close(descriptor)
            throw Problem(description: "cannot bind \(path): \(reason)")
        }
        chmod(path, 0o660)
        return try listenOrClose(descriptor, backlog: backlog, what: path)
    }

    private static func isLive(_ address: inout sockaddr_un) -> Bool {
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { return false }
        defer { close(probe) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return connected == 0
    }

    private static func openTCP(host: String, port: UInt16, backlog: Int32) throws(Problem) -> Int32 {
        let resolvedHost = host == "localhost" ? "127.0.0.1" : host
        var address4 = sockaddr_in()
        var address6 = sockaddr_in6()
        let family: Int32
        if inet_pton(AF_INET, resolvedHost, &address4.sin_addr) == 1 {
            family = AF_INET
            address4.sin_family = sa_family_t(AF_INET)
            address4.sin_port = port.bigEndian
        } else if inet_pton(AF_INET6, resolvedHost, &address6.sin6_addr) == 1 {
            family = AF_INET6
            address6.sin6_family = sa_family_t(AF_INET6)
            address6.sin6_port = port.bigEndian
        } else {
            throw Problem(description: "FCGI_SOCKET host must be an IP address (got \"\(host)\")")
        }
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Problem(description: "cannot create a socket: \(errnoText())") }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32
        if family == AF_INET {
            bound = withUnsafePointer(to: &address4) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } else {
            bound = withUnsafePointer(to: &address6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        guard bound == 0 else {
            let reason = errnoText()
            close(descriptor)
            throw Problem(description: "cannot bind \(host):\(port): \(reason)")
        }
        return try listenOrClose(descriptor, backlog: backlog, what: "\(host):\(port)")
    }

    private static func listenOrClose(_ descriptor: Int32, backlog: Int32, what: String) throws(Problem) -> Int32 {
        guard listen(descriptor, backlog) == 0 else {
            let reason = errnoText()
            close(descriptor)
            throw Problem(description: "cannot listen on \(what): \(reason)")
        }
        return descriptor
    }

    private static func makeParentDirectory(of path: String) throws(Problem) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let directory = String(path[..<slash])
        var partial = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o750) != 0 && errno != EEXIST {
                throw Problem(description: "cannot create directory \(partial): \(errnoText())")
            }
        }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

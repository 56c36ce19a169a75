/// Where the responder listens: `unix:PATH` or `tcp:HOST:PORT` (FCGI_SOCKET).
public enum ListenAddress: Sendable, Equatable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: UInt16)

    /// A malformed or refused address, phrased for the operator.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Parses `unix:PATH` or `tcp:HOST:PORT` (`tcp:[::1]:9000` for IPv6).
    public static func parse(_ text: String) throws(Problem) -> ListenAddress {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw Problem(description: "FCGI_SOCKET unix: needs a path") }
            guard path.utf8.count < 108 else {
                throw Problem(description: "FCGI_SOCKET path is longer than a unix socket path may be (107 bytes)")
            }
            return .unix(path: path)
        }
        if text.hasPrefix("tcp:") {
            let rest = text.dropFirst(4)
            guard let colon = rest.lastIndex(of: ":") else {
                throw Problem(description: "FCGI_SOCKET tcp: needs HOST:PORT, e.g. tcp:127.0.0.1:9000")
            }
            var host = String(rest[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty, let port = UInt16(rest[rest.index(after: colon)...]), port > 0 else {
                throw Problem(description: "FCGI_SOCKET tcp: needs HOST:PORT with a port from 1 to 65535")
            }
            return .tcp(host: host, port: port)
        }
        throw Problem(description: "FCGI_SOCKET must start with unix: or tcp: (got \"\(text)\")")
    }

    /// True for a TCP address on the loopback network (127.0.0.0/8 or ::1).
    public var isLoopback: Bool {
        switch self {
        case .unix: return true
        case .tcp(let host, _):
            return host == "::1" || host == "localhost" || host.hasPrefix("127.")
        }
    }

    public var description: String {
        switch self {
        case .unix(let path): "unix:\(path)"
        case .tcp(let host, let port): host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
        }
    }
}

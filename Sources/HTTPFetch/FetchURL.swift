import Glibc

/// An absolute http or https URL, split into what the connection and the request line need.
///
/// Accepted: `http://` or `https://` (any letter case), a host that is a DNS name, a dotted IPv4 address or a
/// bracketed IPv6 address, an optional `:port`, then an optional path and query. A fragment is dropped. User
/// information, zone identifiers and characters that would need percent-encoding are refused.
struct FetchURL: Equatable {
    /// True for https.
    let isSecure: Bool
    /// The host without brackets, lowercased.
    let host: String
    /// True when the host is an IPv4 or IPv6 literal rather than a name.
    let isAddressLiteral: Bool
    /// The port to connect to.
    let port: UInt16
    /// The value of the Host header: the host as written (brackets kept) and the port when it is not the default.
    let hostHeader: String
    /// The request target: the path (at least "/") and query.
    let target: String

    init(parsing text: String) throws(HTTPFetchError) {
        let bytes = Array(text.utf8)
        let secure: Bool
        let rest: ArraySlice<UInt8>
        if let afterScheme = Self.dropPrefix("https://", from: bytes[...]) {
            secure = true
            rest = afterScheme
        } else if let afterScheme = Self.dropPrefix("http://", from: bytes[...]) {
            secure = false
            rest = afterScheme
        } else {
            throw HTTPFetchError("the URL must start with http:// or https://")
        }
        let withoutFragment = rest.prefix { $0 != UInt8(ascii: "#") }
        let authorityEnd =
            withoutFragment.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
            ?? withoutFragment.endIndex
        let authority = withoutFragment[..<authorityEnd]
        let pathAndQuery = withoutFragment[authorityEnd...]
        guard !authority.contains(UInt8(ascii: "@")) else {
            throw HTTPFetchError("user names and passwords in URLs are not supported")
        }
        let (hostPart, portPart) = try Self.splitAuthority(authority)
        let (host, isLiteral) = try Self.parseHost(hostPart)
        let defaultPort: UInt16 = secure ? 443 : 80
        var port = defaultPort
        if let portPart { port = try Self.parsePort(portPart) }
        for byte in pathAndQuery where byte < 0x21 || byte > 0x7E {
            throw HTTPFetchError("the URL path contains characters that must be percent-encoded")
        }
        let path = String(decoding: pathAndQuery, as: UTF8.self)

        isSecure = secure
        self.host = host
        isAddressLiteral = isLiteral
        self.port = port
        let written = String(decoding: hostPart, as: UTF8.self).lowercased()
        hostHeader = port == defaultPort ? written : "\(written):\(port)"
        target = path.hasPrefix("/") ? path : "/" + path
    }

    private static func dropPrefix(_ prefix: String, from bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let expected = Array(prefix.utf8)
        guard bytes.count >= expected.count else { return nil }
        for (byte, wanted) in zip(bytes, expected) where lowercased(byte) != wanted {
            return nil
        }
        return bytes.dropFirst(expected.count)
    }

    /// Splits "host:port", "[v6]:port", "host" or "[v6]"; the host keeps its brackets.
    private static func splitAuthority(
        _ authority: ArraySlice<UInt8>
    ) throws(HTTPFetchError) -> (host: ArraySlice<UInt8>, port: ArraySlice<UInt8>?) {
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else {
                throw HTTPFetchError("the URL has an unclosed IPv6 bracket")
            }
            let afterBracket = authority[(close + 1)...]
            if afterBracket.isEmpty { return (authority[...close], nil) }
            guard afterBracket.first == UInt8(ascii: ":") else {
                throw HTTPFetchError("the URL has unexpected characters after the IPv6 address")
            }
            return (authority[...close], afterBracket.dropFirst())
        }
        guard let colon = authority.firstIndex(of: UInt8(ascii: ":")) else { return (authority, nil) }
        return (authority[..<colon], authority[(colon + 1)...])
    }

    private static func parseHost(_ bytes: ArraySlice<UInt8>) throws(HTTPFetchError) -> (String, Bool) {
        guard !bytes.isEmpty else { throw HTTPFetchError("the URL has no host") }
        if bytes.first == UInt8(ascii: "[") {
            let inner = String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
            var address = in6_addr()
            guard inet_pton(AF_INET6, inner, &address) == 1 else {
                throw HTTPFetchError("the URL has an invalid IPv6 address")
            }
            return (inner.lowercased(), true)
        }
        for byte in bytes where !isNameByte(byte) {
            throw HTTPFetchError("the URL host contains characters that are not allowed in a host name")
        }
        let host = String(decoding: bytes, as: UTF8.self).lowercased()
        var address = in_addr()
        if inet_pton(AF_INET, host, &address) == 1 { return (host, true) }
        if bytes.allSatisfy({ $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            throw HTTPFetchError("the URL has an invalid IPv4 address")
        }
        return (host, false)
    }

    private static func parsePort(_ bytes: ArraySlice<UInt8>) throws(HTTPFetchError) -> UInt16 {
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), value <= 65_535 else {
                throw HTTPFetchError("the URL has an invalid port")
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard !bytes.isEmpty, (1...65_535).contains(value) else { throw HTTPFetchError("the URL has an invalid port") }
        return UInt16(value)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}

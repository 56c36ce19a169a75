import Glibc

/// One address getaddrinfo produced, copied out of its list so the list can be freed at once.
struct ResolvedAddress {
    let family: Int32
    let storage: sockaddr_storage
    let length: socklen_t
}

/// Host name resolution with getaddrinfo (which has no timeout of its own; the system resolver's applies).
enum AddressResolver {
    /// The TCP addresses for `host` and `port`, in the order the system prefers them.
    static func resolve(host: String, port: UInt16, isLiteral: Bool) throws(HTTPFetchError) -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (isLiteral ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0 else {
            let reason = code == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(code))
            throw HTTPFetchError("cannot resolve host \(host): \(reason)")
        }
        defer { freeaddrinfo(list) }
        var addresses: [ResolvedAddress] = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr {
                var storage = sockaddr_storage()
                let length = min(Int(current.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
                withUnsafeMutableBytes(of: &storage) {
                    $0.copyMemory(from: UnsafeRawBufferPointer(start: address, count: length))
                }
                addresses.append(
                    ResolvedAddress(family: current.pointee.ai_family, storage: storage, length: socklen_t(length)))
            }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw HTTPFetchError("cannot resolve host \(host): no addresses") }
        return addresses
    }
}

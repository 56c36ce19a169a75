import FastCGI
import Glibc

/// Opens `address`, closing any descriptor at once; the problem's description, or nil when it opened.
func openProblem(_ address: ListenAddress) -> String? {
    do {
        close(try ListeningSocket.open(address))
        return nil
    } catch {
        return error.description
    }
}

/// The `stat` of `path` without following a symbolic link, or nil.
func fileStatus(_ path: String) -> stat? {
    var status = stat()
    return lstat(path, &status) == 0 ? status : nil
}

/// The file type bits of `path` (`S_IFSOCK`, `S_IFDIR`...), or nil when it does not exist.
func fileType(_ path: String) -> mode_t? {
    fileStatus(path).map { $0.st_mode & S_IFMT }
}

/// True when a client can connect to the unix socket at `path`.
func canConnect(unixPath path: String) -> Bool {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
        for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
    }
    return connect(address, length: MemoryLayout<sockaddr_un>.size, family: AF_UNIX)
}

/// True when a client can connect to 127.0.0.1:`port`.
func canConnect(loopbackPort port: UInt16) -> Bool {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    return connect(address, length: MemoryLayout<sockaddr_in>.size, family: AF_INET)
}

private func connect<Address>(_ address: Address, length: Int, family: Int32) -> Bool {
    let client = socket(family, Int32(SOCK_STREAM.rawValue), 0)
    guard client >= 0 else { return false }
    defer { close(client) }
    var address = address
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(client, $0, socklen_t(length)) }
    } == 0
}

/// The IPv4 port a listening descriptor is bound to.
func boundPort(_ descriptor: Int32) -> UInt16? {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let status = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard status == 0, Int32(address.sin_family) == AF_INET else { return nil }
    return UInt16(bigEndian: address.sin_port)
}

/// True when `descriptor` is a listening socket.
func isListening(_ descriptor: Int32) -> Bool {
    var accepting: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    return getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 && accepting == 1
}

import Glibc

/// The file system and process calls the commands need, on Glibc (the binary links no Foundation).
enum SystemFiles {
    /// The process environment (the first of a repeated name wins).
    static var environment: [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }

    /// The working directory, or "." when it cannot be named.
    static var currentDirectory: String {
        guard let path = getcwd(nil, 0) else { return "." }
        defer { free(path) }
        return String(cString: path)
    }

    /// Whether `path` exists, following links.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// The bytes of the file at `path`, or nil when it cannot be opened or read (a directory included).
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }

    /// The text of the file at `path`, or nil when it cannot be read or is not UTF-8.
    static func readText(_ path: String) -> String? {
        read(path).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// Writes `bytes` to `path` (created with `mode` less the umask, or truncated); false on failure.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o666) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        let written = writeAll(fd, bytes)
        return close(fd) == 0 && written
    }

    /// Replaces `path` atomically by a file of `bytes` with exactly `mode` (a temporary file beside it, renamed).
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t) -> Bool {
        var template = Array((path + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return false }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let written = fchmod(fd, mode) == 0 && writeAll(fd, bytes) && fsync(fd) == 0
        guard close(fd) == 0 && written && rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Writes all of `bytes` to `fd`, retrying short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// `message` on stderr.
    static func writeStandardError(_ message: String) {
        _ = writeAll(2, Array(message.utf8))
    }

    /// Creates `path` and its missing ancestors, each with `mode` (set with chmod, so the umask does not narrow it).
    static func makeDirectories(_ path: String, mode: mode_t) throws(SystemError) {
        if isDirectory(path) { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]), mode: mode)
        }
        guard mkdir(path, mode) == 0 || (errno == EEXIST && isDirectory(path)) else {
            throw SystemError(call: "mkdir", path: path)
        }
        _ = chmod(path, mode)
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in the directory `path` (without "." and ".."), or nil when it cannot be opened.
    static func names(in path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes `path`, and everything under it when it is a directory (links are removed, not followed).
    static func removeTree(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR {
            for name in names(in: path) ?? [] { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// The target of the symbolic link `path`.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A failed system call on a path, with errno's text.
struct SystemError: Error, CustomStringConvertible {
    let description: String

    init(call: String, path: String, code: Int32 = errno) {
        description = "\(call) \(path): \(String(cString: strerror(code)))"
    }
}

import CSQLite
import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creating the directory that will hold a database file.
enum Directory {
    /// Creates the parent directory of `path` and its missing ancestors (`mkdir -p`, mode 0750).
    /// Nothing to do for a bare file name, `:memory:` or a `file:` URI.
    static func createParent(of path: String) throws(StorageError) {
        guard !path.hasPrefix("file:") else {
            return
        }
        // Every prefix that ends before a "/" is an ancestor; the last one is the parent.
        for index in path.indices where path[index] == "/" && index != path.startIndex {
            let ancestor = String(path[..<index])
            if mkdir(ancestor, 0o750) != 0 && errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot create directory \(ancestor): \(reason)")
                    .storageError
            }
        }
    }
}

import Glibc

/// `serve --log-file PATH`: the log (stderr, fd 2) written to a file opened for appending, reopened on SIGHUP so
/// that logrotate can move the file away and the next line starts a new one. The new file replaces fd 2 with one
/// `dup2`, so a line written meanwhile lands whole in the old file or in the new one, never nowhere.
public struct LogFile: Sendable {
    /// The file's path, as given.
    public let path: String

    /// Opens `path` (created mode 0640, appended to) and makes it stderr.
    public init(path: String) throws(LogFileError) {
        self.path = path
        try reopen()
    }

    /// Opens the path again and puts it in place of stderr; on failure stderr stays where it was.
    public func reopen() throws(LogFileError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw LogFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard dup2(descriptor, 2) == 2 else {
            throw LogFileError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// A log file that could not be opened.
public struct LogFileError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot open the log file \(path): \(reason)" }
}

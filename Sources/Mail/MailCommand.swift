import Locks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs the operator's MAIL_COMMAND (`/bin/sh -c`, so `/usr/sbin/sendmail -t -i` works as written) with a message
/// on its standard input, in a process group of its own that is killed whole when it outlives its time.
public struct MailCommand: Sendable {
    /// What happened to one message.
    public enum Outcome: Sendable, Equatable {
        case sent
        /// The command exited with this status (or was killed by signal 128+n).
        case failed(status: Int32)
        /// It ran longer than the limit and was killed.
        case timedOut
        /// It could not be started (errno).
        case notStarted(errno: Int32)
    }

    /// The command line, e.g. `/usr/sbin/sendmail -t -i`.
    public let commandLine: String
    /// Seconds the command may run.
    public let timeLimit: Double

    public init(_ commandLine: String, timeLimit: Double = 10) {
        self.commandLine = commandLine
        self.timeLimit = timeLimit
    }

    /// Starts the command, writes `message` to it and waits at most `timeLimit` seconds. Its standard output goes
    /// to this process's standard error (in CGI mode standard output is the response).
    public func run(_ message: [UInt8]) -> Outcome {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { return .notStarted(errno: errno) }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        // Neither end may leak into a command spawned by another thread (dup2 clears the flag on fd 0).
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, 0)
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        sigaddset(&defaultSignals, SIGTERM)
        sigaddset(&defaultSignals, SIGINT)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid = pid_t()
        let arguments = ["/bin/sh", "-c", commandLine]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            return .notStarted(errno: spawned)
        }
        let deadline = MonotonicCondition.now() + timeLimit
        // Non-blocking, so a command that never reads cannot hold this thread past the deadline.
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        var written = 0
        while written < message.count, MonotonicCondition.now() < deadline {
            let count = message[written...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                written += count
            } else if count < 0, errno == EAGAIN || errno == EINTR {
                MailCommand.pause()
            } else {
                break  // EPIPE: it exited without reading all; its status says how it went
            }
        }
        close(writeEnd)
        return wait(for: pid, until: deadline)
    }

    private func wait(for pid: pid_t, until deadline: Double) -> Outcome {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0, errno != EINTR { return .failed(status: -1) }
            if MonotonicCondition.now() >= deadline {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                return .timedOut
            }
            MailCommand.pause()
        }
        let signal = status & 0x7f
        if signal != 0 { return .failed(status: 128 + signal) }
        let exitStatus = (status >> 8) & 0xff
        return exitStatus == 0 ? .sent : .failed(status: exitStatus)
    }

    private static func pause() {
        var interval = timespec(tv_sec: 0, tv_nsec: 10_000_000)
        nanosleep(&interval, nil)
    }
}

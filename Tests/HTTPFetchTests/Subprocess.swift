import Glibc

/// A child process started from PATH with only PATH in its environment, no blocked signals (test threads block
/// some, and a child inherits the mask) and stderr discarded; stdout goes to `stdout` when given, else is discarded
/// too.
struct Subprocess {
    let pid: pid_t

    init(_ arguments: [String], stdout: Int32? = nil) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdout {
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = [strdup("PATH=" + path), nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid = pid_t()
        let code = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        precondition(code == 0, "cannot start \(arguments[0])")
        self.pid = pid
    }

    /// Runs `arguments` to completion and returns whether it exited with status 0.
    static func run(_ arguments: [String]) -> Bool {
        Subprocess(arguments).wait() == 0
    }

    /// Waits for the process to end and returns its raw wait status.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    /// Sends SIGTERM and waits for the process to end.
    func terminate() {
        kill(pid, SIGTERM)
        _ = wait()
    }
}

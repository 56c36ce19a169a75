import Glibc

/// A child process started from PATH with only PATH in its environment and stderr discarded; stdout goes to
/// `stdout` when given, else is discarded too.
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
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = [strdup("PATH=" + path), nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let code = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
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

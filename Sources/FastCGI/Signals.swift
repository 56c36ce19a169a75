import Glibc

/// Signal plumbing for a graceful stop: SIGTERM and SIGINT (and SIGHUP, which asks for the log file to be
/// reopened) are blocked in every thread and taken synchronously by the main thread with `sigwait`; SIGUSR2, with a handler that does nothing and
/// no SA_RESTART, interrupts an idle worker's blocking accept or read.
enum Signals {
    static let wakeSignal = SIGUSR2

    /// Blocks SIGTERM/SIGINT (inherited by threads started afterwards), ignores SIGPIPE and installs
    /// the wake-up handler. Must run before any worker thread starts.
    static func prepareForWorkers() {
        var stopSet = stopSignals()
        pthread_sigmask(SIG_BLOCK, &stopSet, nil)
        signal(SIGPIPE, SIG_IGN)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(wakeSignal, &action, nil)
    }

    /// Blocks the calling thread until SIGTERM or SIGINT arrives; returns which. Each SIGHUP meanwhile calls
    /// `onHangUp` on this thread and goes on waiting.
    static func waitForStop(onHangUp: () -> Void) -> Int32 {
        var stopSet = stopSignals()
        while true {
            var received: Int32 = 0
            while sigwait(&stopSet, &received) != 0 {}
            guard received == SIGHUP else { return received }
            onHangUp()
        }
    }

    static func stopSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        return set
    }
}

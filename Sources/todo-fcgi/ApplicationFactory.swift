import FastCGI
import Glibc
import JOSE
import TodoAPI

/// Builds the application from the configuration: the verifier and the clock.
enum ApplicationFactory {
    static func make(_ configuration: Configuration) throws -> TodoApplication {
        let (verifier, refresher) = try KeySources.verifier(configuration, now: wallClockSeconds())
        return TodoApplication(
            authenticator: Authenticator(verifier: verifier, keyRefresher: refresher),
            clock: { wallClockSeconds() },
            reportFailure: { RequestLog.write("error: \($0)") })
    }

    /// Unix time in seconds from the real-time clock.
    static func wallClockSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

import Glibc
import Locks
import Synchronization

/// Whether the server is draining (a stop signal came: no more accepts, every answer closes its connection), and
/// what the drain did. Atomics, so the check after each request costs no lock and no syscall.
final class Drain: Sendable {
    private let started = Atomic<Bool>(false)
    private let closed = Atomic<Int>(0)
    /// Monotonic time of the last drain answer (or the start), in milliseconds.
    private let lastAnswerMilliseconds = Atomic<Int>(0)

    var isDraining: Bool { started.load(ordering: .acquiring) }

    /// Connections answered and closed since the drain began.
    var closedConnections: Int { closed.load(ordering: .relaxed) }

    /// Seconds since the last drain answer (or the start of the drain).
    var quietSeconds: Double {
        MonotonicCondition.now() - Double(lastAnswerMilliseconds.load(ordering: .relaxed)) / 1000
    }

    func begin() {
        lastAnswerMilliseconds.store(Int(MonotonicCondition.now() * 1000), ordering: .relaxed)
        started.store(true, ordering: .releasing)
    }

    /// Records that a worker answered a request and closed its connection.
    func answeredAndClosed() {
        closed.add(1, ordering: .relaxed)
        lastAnswerMilliseconds.store(Int(MonotonicCondition.now() * 1000), ordering: .relaxed)
    }
}

extension Drain {
    /// How long no drain answer and no busy worker mean the drain is over. The connections still open then have
    /// been idle in nginx's cache at least this long; nginx reuses its most recent first, so under load it has
    /// already used (and dropped) every one of ours, and with no load the drain ends this soon.
    static let quietPeriod = 0.2

    /// Drains, from the main thread: stops accepting at once, then returns when no worker is busy and no request
    /// was answered for `quietPeriod`, or at `deadline`. Logs one line with the count of connections closed.
    func run(queue: ConnectionQueue, registry: WorkerRegistry, until deadline: Double) {
        begin()
        queue.stopListening()
        while MonotonicCondition.now() < deadline {
            if registry.busyCount == 0 && quietSeconds >= Self.quietPeriod { break }
            usleep(10_000)
        }
        RequestLog.event(
            .info,
            "drained: closed \(closedConnections) connections after their last answer; the idle ones close on exit")
    }
}

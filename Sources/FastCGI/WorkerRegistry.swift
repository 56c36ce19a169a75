import Glibc
import Locks

/// What the server knows about its workers, behind one lock: which are idle (blocked waiting for a
/// request, safe to interrupt) and which are busy (never interrupted: a signal could cut a response).
final class WorkerRegistry: Sendable {
    private struct Worker {
        var thread: pthread_t = 0
        var idle = false
        var alive = true
    }

    private struct State {
        var stopping = false
        var workers: [Worker]
    }

    private let state: SleepingMutex<State>

    init(count: Int) {
        state = SleepingMutex(State(workers: Array(repeating: Worker(), count: count)))
    }

    func register(_ index: Int, thread: pthread_t) {
        state.withLock { $0.workers[index].thread = thread }
    }

    /// Marks the worker idle before it waits for a request; false when the server is stopping.
    func enterIdle(_ index: Int) -> Bool {
        state.withLock { state in
            guard !state.stopping else { return false }
            state.workers[index].idle = true
            return true
        }
    }

    /// Marks the worker busy (it holds a request) or no longer waiting.
    func leaveIdle(_ index: Int) {
        state.withLock { $0.workers[index].idle = false }
    }

    var isStopping: Bool {
        state.withLock { $0.stopping }
    }

    func exited(_ index: Int) {
        state.withLock {
            $0.workers[index].alive = false
            $0.workers[index].idle = false
        }
    }

    /// Workers alive and not idle: answering a request, or reading one.
    var busyCount: Int {
        state.withLock { state in state.workers.count { $0.alive && !$0.idle } }
    }

    /// Sets the stopping flag and interrupts every idle worker with `signal`; returns how many
    /// workers are still alive.
    func stopAndInterruptIdle(signal: Int32) -> Int {
        state.withLock { state in
            state.stopping = true
            var alive = 0
            for worker in state.workers where worker.alive {
                alive += 1
                if worker.idle && worker.thread != 0 { pthread_kill(worker.thread, signal) }
            }
            return alive
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The pthread mutex of a `WriterGate` with its two condition variables: writers waiting for their turn at the
/// writer connection, and writers waiting for the commit of the transaction that holds their changes.
final class GateMonitor: @unchecked Sendable {
    /// What a writer waits for.
    enum Event {
        /// The writer connection is free.
        case turn
        /// A transaction was committed (or rolled back).
        case commit
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let turn = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let commit = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(turn, nil)
        pthread_cond_init(commit, nil)
    }

    deinit {
        pthread_cond_destroy(commit)
        pthread_cond_destroy(turn)
        pthread_mutex_destroy(mutex)
        commit.deallocate()
        turn.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` with the mutex held.
    @inline(__always)
    func locked<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for `event` (or a spurious wake-up); call with the mutex held, and check the condition again.
    func wait(for event: Event) {
        pthread_cond_wait(condition(event), mutex)
    }

    /// Wakes one writer waiting for its turn; call with the mutex held.
    func signalTurn() {
        pthread_cond_signal(turn)
    }

    /// Wakes every writer waiting for a commit; call with the mutex held.
    func broadcastCommit() {
        pthread_cond_broadcast(commit)
    }

    private func condition(_ event: Event) -> UnsafeMutablePointer<pthread_cond_t> {
        switch event {
        case .turn: turn
        case .commit: commit
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A counting semaphore: at most `limit` bodies run at once; callers past that sleep on a condition variable
/// (they never spin) until one finishes. Shared by every thread of the process.
final class ConcurrencyLimiter: @unchecked Sendable {
    /// How many bodies may run at once.
    let limit: Int
    // The pthread objects are heap-allocated so that they never move. `running` and `peak` are guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let slotFreed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var running = 0
    private var highest = 0

    /// A limiter admitting `limit` (at least 1) bodies at once.
    init(limit: Int) {
        precondition(limit >= 1, "a limiter must admit at least one body")
        self.limit = limit
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(slotFreed, nil)
    }

    deinit {
        pthread_cond_destroy(slotFreed)
        pthread_mutex_destroy(mutex)
        slotFreed.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` once fewer than `limit` others are running, waiting until then.
    func run<T>(_ body: () throws -> T) rethrows -> T {
        acquire()
        defer { release() }
        return try body()
    }

    /// The most bodies that ever ran at once.
    var peak: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return highest
    }

    private func acquire() {
        pthread_mutex_lock(mutex)
        while running >= limit {
            pthread_cond_wait(slotFreed, mutex)
        }
        running += 1
        highest = max(highest, running)
        pthread_mutex_unlock(mutex)
    }

    private func release() {
        pthread_mutex_lock(mutex)
        running -= 1
        pthread_cond_signal(slotFreed)
        pthread_mutex_unlock(mutex)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A counting semaphore: at most `limit` bodies run at once; callers past that sleep on a condition variable
/// (they never spin) until one finishes. Shared by every thread of the process.
///
/// `run` waits as long as it takes. `runIfAdmitted` is the bounded form: at most `queueLimit` callers wait, each
/// at most `maxWait` seconds; a caller beyond that is refused at once (and counted in `shed`).
public final class ConcurrencyLimiter: @unchecked Sendable {
    /// How many bodies may run at once.
    public let limit: Int
    /// How many callers of `runIfAdmitted` may wait for a slot.
    public let queueLimit: Int
    /// The longest a caller of `runIfAdmitted` waits, in seconds.
    public let maxWait: Double
    // The pthread objects are heap-allocated so that they never move. The counters are guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let slotFreed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var running = 0
    private var waiting = 0
    private var highest = 0
    private var refused = 0

    /// A limiter admitting `limit` (at least 1) bodies at once, with at most `queueLimit` bounded waiters of at
    /// most `maxWait` seconds each.
    public init(limit: Int, queueLimit: Int = .max, maxWait: Double = .infinity) {
        precondition(limit >= 1, "a limiter must admit at least one body")
        self.limit = limit
        self.queueLimit = max(0, queueLimit)
        self.maxWait = maxWait
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(slotFreed, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(slotFreed)
        pthread_mutex_destroy(mutex)
        slotFreed.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` once fewer than `limit` others are running, waiting until then.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        while running >= limit {
            pthread_cond_wait(slotFreed, mutex)
        }
        enter()
        pthread_mutex_unlock(mutex)
        defer { release() }
        return try body()
    }

    /// Runs `body` when a slot is free now, or frees within `maxWait` while fewer than `queueLimit` others wait;
    /// otherwise returns nil without running it.
    public func runIfAdmitted<T>(_ body: () throws -> T) rethrows -> T? {
        guard admit() else { return nil }
        defer { release() }
        return try body()
    }

    /// The most bodies that ever ran at once.
    public var peak: Int { locked { highest } }

    /// How many callers of `runIfAdmitted` were refused.
    public var shed: Int { locked { refused } }

    /// Bodies running and callers waiting, now.
    public var load: (running: Int, waiting: Int) { locked { (running, waiting) } }

    private func admit() -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if running < limit {
            enter()
            return true
        }
        guard waiting < queueLimit, maxWait > 0 else {
            refused += 1
            return false
        }
        waiting += 1
        defer { waiting -= 1 }
        guard maxWait.isFinite else {
            while running >= limit { pthread_cond_wait(slotFreed, mutex) }
            enter()
            return true
        }
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanoseconds = Int(deadline.tv_nsec) + Int(maxWait.truncatingRemainder(dividingBy: 1) * 1e9)
        deadline.tv_sec += Int(maxWait.rounded(.towardZero)) + nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        while running >= limit {
            if pthread_cond_timedwait(slotFreed, mutex, &deadline) == ETIMEDOUT && running >= limit {
                refused += 1
                return false
            }
        }
        enter()
        return true
    }

    /// Called with `mutex` held.
    private func enter() {
        running += 1
        highest = max(highest, running)
    }

    private func release() {
        pthread_mutex_lock(mutex)
        running -= 1
        pthread_cond_signal(slotFreed)
        pthread_mutex_unlock(mutex)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

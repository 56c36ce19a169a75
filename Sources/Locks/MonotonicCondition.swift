#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A mutex with one condition variable whose timed waits run on the monotonic clock (a wall-clock step never
/// shortens or stretches them). The pthread objects live on the heap so that they never move.
public final class MonotonicCondition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Seconds on the monotonic clock (an arbitrary origin).
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Runs `body` with the mutex held.
    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a signal (or a spurious wake-up) until `deadline` on `now()`'s clock; call with the mutex held
    /// (inside `locked`). Returns false when the deadline has passed.
    @discardableResult
    public func wait(until deadline: Double) -> Bool {
        guard deadline.isFinite else {
            pthread_cond_wait(condition, mutex)
            return true
        }
        let whole = max(0, deadline.rounded(.down))
        var time = timespec()
        time.tv_sec = Int(whole)
        time.tv_nsec = min(999_999_999, Int(max(0, deadline - whole) * 1e9))
        return pthread_cond_timedwait(condition, mutex, &time) != ETIMEDOUT
    }

    /// Wakes one waiter; call with the mutex held.
    public func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiter; call with the mutex held.
    public func broadcast() {
        pthread_cond_broadcast(condition)
    }
}

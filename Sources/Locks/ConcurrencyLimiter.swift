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
    // The counters are guarded by `condition`; every release signals it.
    private let condition = MonotonicCondition()
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
    }

    /// Runs `body` once fewer than `limit` others are running, waiting until then.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        condition.locked {
            while running >= limit { condition.wait(until: .infinity) }
            enter()
        }
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
    public var peak: Int { condition.locked { highest } }

    /// How many callers of `runIfAdmitted` were refused.
    public var shed: Int { condition.locked { refused } }

    /// Bodies running and callers waiting, now.
    public var load: (running: Int, waiting: Int) { condition.locked { (running, waiting) } }

    private func admit() -> Bool {
        condition.locked {
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
            let deadline = maxWait.isFinite ? MonotonicCondition.now() + maxWait : .infinity
            while running >= limit {
                if !condition.wait(until: deadline) && running >= limit {
                    refused += 1
                    return false
                }
            }
            enter()
            return true
        }
    }

    /// Called with the condition's mutex held.
    private func enter() {
        running += 1
        highest = max(highest, running)
    }

    private func release() {
        condition.locked {
            running -= 1
            condition.signal()
        }
    }
}

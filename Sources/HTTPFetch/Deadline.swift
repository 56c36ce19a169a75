import Glibc

/// A point on the monotonic clock by which the whole fetch must be finished.
struct Deadline {
    private let end: UInt64

    /// A deadline `seconds` from now; `seconds` must be positive and finite. Anything over a day is capped to a day.
    init(secondsFromNow seconds: Double) {
        let capped = min(seconds, 86_400)
        end = Self.now() + UInt64(capped * 1_000_000_000)
    }

    /// Milliseconds left, rounded up so that a wait never ends just before the deadline; 0 once it has passed.
    var remainingMilliseconds: Int32 {
        let current = Self.now()
        guard current < end else { return 0 }
        let milliseconds = (end - current + 999_999) / 1_000_000
        return Int32(clamping: milliseconds)
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

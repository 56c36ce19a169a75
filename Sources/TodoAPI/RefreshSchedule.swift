/// When JWKS_URL is fetched again: at least every `maximumAge` seconds, sooner when the issuer's
/// `Cache-Control: max-age` says so, never twice within `floor` seconds, and after a failure with a doubling delay.
public struct RefreshSchedule: Sendable, Equatable {
    /// Least seconds between two fetches (JWKS_REFRESH_SECONDS); wins over every other rule.
    public let floor: Double
    /// Most seconds a fetched set is used before it is fetched again (JWKS_MAX_AGE_SECONDS).
    public let maximumAge: Double
    /// Longest a request whose token names an unknown `kid` waits for a fetch.
    public let unknownKeyWait: Double

    public init(floor: Double, maximumAge: Double, unknownKeyWait: Double = 2) {
        self.floor = floor
        self.maximumAge = maximumAge
        self.unknownKeyWait = unknownKeyWait
    }

    /// Seconds from a successful fetch to the next one, for a response whose `max-age` was `maxAge` (nil: none).
    public func delay(afterSuccessWithMaxAge maxAge: Int?) -> Double {
        let age = maxAge.map { min(Double(max(0, $0)), maximumAge) } ?? maximumAge
        return max(floor, age)
    }

    /// Seconds from the `failures`-th failed fetch in a row to the next try: `floor`, then twice as long each time,
    /// at most `maximumAge` (and never less than `floor`).
    public func delay(afterFailures failures: Int) -> Double {
        var delay = floor
        var doublings = max(0, failures - 1)
        while doublings > 0 && delay < maximumAge {
            delay *= 2
            doublings -= 1
        }
        return max(floor, min(maximumAge, delay))
    }
}

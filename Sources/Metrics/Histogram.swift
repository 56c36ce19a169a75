/// A latency histogram with fixed upper bounds in seconds: one counter per bucket (not cumulative: a request adds
/// to exactly one, so recording costs two atomic adds), cumulated when written.
public final class Histogram: Sendable {
    /// The buckets' upper bounds, ascending; a last bucket, `+Inf`, takes the rest.
    public let bounds: [Double]
    private let buckets: [Counter]
    private let sumMicroseconds = Counter()

    public init(bounds: [Double]) {
        self.bounds = bounds
        buckets = (0...bounds.count).map { _ in Counter() }
    }

    /// Counts one observation of `seconds`.
    public func observe(_ seconds: Double) {
        var index = 0
        while index < bounds.count && seconds > bounds[index] { index += 1 }
        buckets[index].add()
        sumMicroseconds.add(Int((seconds * 1_000_000).rounded()))
    }

    /// How many observations so far.
    public var count: Int { buckets.reduce(0) { $0 + $1.value } }

    /// Writes the family `name` (`_bucket` with `le`, `_sum` in seconds, `_count`).
    public func write(_ name: String, help: String, to text: inout PrometheusText) {
        text.family(name, type: "histogram", help: help)
        var cumulative = 0
        for (index, bucket) in buckets.enumerated() {
            cumulative += bucket.value
            let bound = index < bounds.count ? PrometheusText.number(bounds[index]) : "+Inf"
            text.sample("\(name)_bucket", labels: [("le", bound)], cumulative)
        }
        text.sample("\(name)_sum", Double(sumMicroseconds.value) / 1_000_000)
        text.sample("\(name)_count", cumulative)
    }
}

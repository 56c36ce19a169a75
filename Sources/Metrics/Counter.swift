import Synchronization

/// A number that only grows (or, as a gauge, moves both ways), shared by every thread: one relaxed atomic add per
/// change, no lock.
public final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    /// Adds `amount` (negative for a gauge going down).
    @inline(__always)
    public func add(_ amount: Int = 1) {
        count.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current value.
    public var value: Int { count.load(ordering: .relaxed) }
}

import Metrics
import Storage

/// Store failures that reached a request, by `StorageError.Kind` (what /api/metrics reports as database errors).
public final class DatabaseErrorCounts: Sendable {
    /// The kinds, with the label each is reported under.
    public static let kinds: [(StorageError.Kind, String)] = [
        (.unavailable, "unavailable"), (.busy, "busy"), (.constraint, "constraint"),
        (.schemaNewerThanCode, "schema_newer_than_code"), (.failure, "failure"),
    ]
    private let counters = kinds.map { _ in Counter() }

    public init() {}

    /// Counts one failure of `kind`.
    public func record(_ kind: StorageError.Kind) {
        guard let index = Self.kinds.firstIndex(where: { $0.0 == kind }) else { return }
        counters[index].add()
    }

    /// The count of each kind, labelled, in `kinds`' order.
    public var counts: [(label: String, count: Int)] {
        zip(Self.kinds, counters).map { ($0.1, $1.value) }
    }
}

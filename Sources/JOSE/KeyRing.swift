/// The set of verification keys, replaceable while other threads verify (for example after refetching a JWKS when
/// a token names an unknown `kid`). Readers get an immutable snapshot.
public final class KeyRing: Sendable {
    private let lock = ReadWriteLock()
    private nonisolated(unsafe) var current: [VerificationKey]
    private nonisolated(unsafe) var currentGeneration: UInt64 = 0

    public init(_ keys: [VerificationKey] = []) {
        current = keys
    }

    /// The keys at this moment.
    public var keys: [VerificationKey] {
        lock.withReadLock { current }
    }

    /// The keys at this moment and their generation, which changes at every replacement.
    var snapshot: (keys: [VerificationKey], generation: UInt64) {
        lock.withReadLock { (current, currentGeneration) }
    }

    /// Replaces every key at once.
    public func replace(with keys: [VerificationKey]) {
        lock.withWriteLock {
            current = keys
            currentGeneration &+= 1
        }
    }
}

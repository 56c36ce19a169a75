/// The set of verification keys, replaceable while other threads verify (for example after refetching a JWKS when
/// a token names an unknown `kid`). Readers get an immutable snapshot.
public final class KeyRing: Sendable {
    private let lock = ReadWriteLock()
    private nonisolated(unsafe) var current: [VerificationKey]

    public init(_ keys: [VerificationKey] = []) {
        current = keys
    }

    /// The keys at this moment.
    public var keys: [VerificationKey] {
        lock.withReadLock { current }
    }

    /// Replaces every key at once.
    public func replace(with keys: [VerificationKey]) {
        lock.withWriteLock { current = keys }
    }
}

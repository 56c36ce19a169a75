import Synchronization

/// The set of verification keys, replaceable while other threads verify (for example after refetching a JWKS when
/// a token names an unknown `kid`). Readers get an immutable snapshot.
public final class KeyRing: Sendable {
    private struct State {
        var keys: [VerificationKey]
        var generation: UInt64 = 0
    }

    private let state: Mutex<State>
    /// The state's generation, readable without the lock (each verification reads it; the keys only on a miss).
    private let published = Atomic<UInt64>(0)

    public init(_ keys: [VerificationKey] = []) {
        state = Mutex(State(keys: keys))
    }

    /// The keys at this moment.
    public var keys: [VerificationKey] {
        state.withLock { $0.keys }
    }

    /// Changes at every replacement; read it before the keys, so that what was verified with them is never
    /// remembered under a later generation.
    var generation: UInt64 {
        published.load(ordering: .acquiring)
    }

    /// Replaces every key at once.
    public func replace(with keys: [VerificationKey]) {
        state.withLock { state in
            state.keys = keys
            state.generation &+= 1
            published.store(state.generation, ordering: .releasing)
        }
    }
}

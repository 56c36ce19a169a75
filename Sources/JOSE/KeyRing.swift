import Synchronization

/// The set of verification keys, replaceable while other threads verify (for example after refetching a JWKS when
/// a token names an unknown `kid`). Readers get an immutable snapshot.
public final class KeyRing: Sendable {
    private struct State {
        var keys: [VerificationKey]
        var generation: UInt64 = 0
    }

    private let state: Mutex<State>

    public init(_ keys: [VerificationKey] = []) {
        state = Mutex(State(keys: keys))
    }

    /// The keys at this moment.
    public var keys: [VerificationKey] {
        state.withLock { $0.keys }
    }

    /// The keys at this moment and their generation, which changes at every replacement.
    var snapshot: (keys: [VerificationKey], generation: UInt64) {
        state.withLock { ($0.keys, $0.generation) }
    }

    /// Replaces every key at once.
    public func replace(with keys: [VerificationKey]) {
        state.withLock { state in
            state.keys = keys
            state.generation &+= 1
        }
    }
}

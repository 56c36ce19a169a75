import Storage
import Synchronization

/// The revoked sessions and subjects, in memory: what every request's token is checked against, with no database
/// read. Revocations made by this process are added at once; those of other processes or hosts (sharing the
/// database) arrive through `reloadIfDue`, which reads what was recorded since the last load at most once per
/// `reloadInterval`. One per process, shared by every worker.
///
/// The rule: a token whose `sid` is a revoked session is refused; a token of a revoked subject is refused when its
/// `iat` is not after the revocation, in whole seconds (`iat` has that resolution): a token issued in the same
/// second as the revocation, before or after it, is refused, one issued in a later second is not, and one without
/// `iat` is refused. A request that revokes and then issues a token itself (the new session of a password change)
/// must date it from the next second.
public final class RevocationList: Sendable {
    /// How long a revocation is kept: longer than any access token it must refuse can live (milliseconds).
    public let horizon: Int64
    /// The least time between two reloads, in seconds.
    public let reloadInterval: Double
    /// How far each reload reaches back before the previous one (ms): a revocation committed late, or by a host
    /// whose clock is behind, by less than this is not missed.
    static let reloadOverlap: Int64 = 10_000

    private struct State {
        var sessions: [String: Int64] = [:]
        var subjects: [String: Int64] = [:]
        /// When the last successful reload started (Unix milliseconds).
        var lastReload: Int64?
    }

    private let state = Mutex(State())
    /// True while both lists are empty: the common case costs one atomic load.
    private let empty = Atomic<Bool>(true)
    /// When the next reload is due (Unix milliseconds); a thread that takes the reload moves it first.
    private let nextReload = Atomic<Int64>(0)

    /// - Parameters:
    ///   - horizon: milliseconds a revocation is kept, at least the longest access token lifetime plus leeway.
    ///   - reloadInterval: seconds between two reloads from the store.
    public init(horizon: Int64, reloadInterval: Double = 1) {
        self.horizon = horizon
        self.reloadInterval = reloadInterval
    }

    /// The horizon for tokens that live at most `accessTokenTTL` seconds (ours, or Better Auth's 15 minutes, or an
    /// hour, whichever is longest) verified with `leeway` seconds of clock skew.
    public convenience init(accessTokenTTL: Int64, leeway: Int) {
        self.init(horizon: (max(accessTokenTTL, 3600) + Int64(max(0, leeway))) * 1000)
    }

    /// True when a token of `subject` in session `sessionID` issued at `issuedAt` (its `iat`, Unix seconds) is
    /// revoked.
    public func isRevoked(subject: String, sessionID: String?, issuedAt: Double?) -> Bool {
        if isEmpty { return false }
        return state.withLock { state in
            if let sessionID, state.sessions[sessionID] != nil { return true }
            guard let revokedAt = state.subjects[subject] else { return false }
            guard let issuedAt else { return true }
            return issuedAt.rounded(.down) <= Double(revokedAt / 1000)
        }
    }

    /// True while nothing is revoked (the common case, one atomic load).
    public var isEmpty: Bool { empty.load(ordering: .acquiring) }

    /// Adds revocations (made here, or read from the store), forgetting those past the horizon at `now` (ms).
    public func add(_ revocations: [Revocation], now: Int64) {
        state.withLock { state in
            for revocation in revocations {
                switch revocation.kind {
                case .session:
                    state.sessions[revocation.id] = max(state.sessions[revocation.id] ?? 0, revocation.revokedAt)
                case .subject:
                    state.subjects[revocation.id] = max(state.subjects[revocation.id] ?? 0, revocation.revokedAt)
                }
            }
            let oldest = now - horizon
            state.sessions = state.sessions.filter { $0.value >= oldest }
            state.subjects = state.subjects.filter { $0.value >= oldest }
            empty.store(state.sessions.isEmpty && state.subjects.isEmpty, ordering: .releasing)
        }
    }

    /// Reads from `load` the revocations recorded since the last reload, when one is due at `now` (ms) and no other
    /// thread is reloading. A failed read is rethrown (for the log) and tried again at the next interval.
    public func reloadIfDue(now: Int64, load: (_ since: Int64) throws -> [Revocation]) rethrows {
        let due = nextReload.load(ordering: .relaxed)
        guard now >= due else { return }
        let next = now + Int64(reloadInterval * 1000)
        guard nextReload.compareExchange(expected: due, desired: next, ordering: .relaxed).exchanged else { return }
        let since = state.withLock { state in
            state.lastReload.map { $0 - Self.reloadOverlap } ?? now - horizon
        }
        let loaded = try load(since)
        add(loaded, now: now)
        state.withLock { $0.lastReload = now }
    }
}

import JOSE
import Locks

/// What one fetch of a key source gave.
public enum KeyFetch: Sendable {
    /// The usable keys, the members skipped, the document they came from (an unchanged document changes nothing)
    /// and its `max-age`.
    case fetched(keys: [VerificationKey], skipped: [SkippedKey] = [], document: [UInt8], maxAgeSeconds: Int?)
    /// The source could not be read or was unusable: the previous keys stay.
    case failed
}

/// Keeps the key ring filled from a JWKS source that can change (Better Auth's `/api/auth/jwks`).
///
/// Fetches run on one thread of their own (`run()`), never on a request worker, so at most one is in flight. The
/// set is fetched again as `RefreshSchedule` says, and at once (the floor permitting) when a token names an unknown
/// `kid`; only such a request waits for that fetch, at most `unknownKeyWait` seconds. A fetched document that
/// differs from the last one replaces the fetched keys: a withdrawn key stops verifying, and the key ring's new
/// generation drops every cached verification. A failed fetch keeps the last good keys.
public final class KeyRefresher: @unchecked Sendable {
    private struct State {
        var lastAttempt: Double?
        var nextFetch = 0.0
        var failures = 0
        var urgent = false
        var inFlight = false
        var completed: UInt64 = 0
        var installed: UInt64 = 0
        var document: [UInt8]?
        var skipped: [SkippedKey] = []
        var running = false
        var stopped = false
    }

    private let keyRing: KeyRing
    private let fixedKeys: [VerificationKey]
    /// When fetches happen.
    public let schedule: RefreshSchedule
    private let fetch: @Sendable () -> KeyFetch
    private let installedKeys: @Sendable (_ keyCount: Int, _ skipped: [SkippedKey]) -> Void
    private let condition = MonotonicCondition()
    private var state = State()  // guarded by `condition`

    /// - Parameters:
    ///   - keyRing: the verifier's ring, replaced with `fixedKeys` plus the fetched keys.
    ///   - fixedKeys: keys that do not come from the source (JWKS_FILE, the service's own signing key).
    ///   - fetch: reads the source once; it may block (it runs on the refresher's thread).
    ///   - installedKeys: told how many keys were fetched, and which members were skipped, each time a new document
    ///     is installed (for the log: once per document, not once per fetch).
    public init(
        keyRing: KeyRing, fixedKeys: [VerificationKey], schedule: RefreshSchedule,
        fetch: @escaping @Sendable () -> KeyFetch,
        installedKeys: @escaping @Sendable (Int, [SkippedKey]) -> Void = { _, _ in }
    ) {
        self.keyRing = keyRing
        self.fixedKeys = fixedKeys
        self.schedule = schedule
        self.fetch = fetch
        self.installedKeys = installedKeys
    }

    /// Fetches once on the calling thread: at start, so that the first requests find the keys.
    public func fetchNow() {
        condition.locked { state.inFlight = true }
        perform()
    }

    /// Fetches whenever one is due, until `stop()`; run it on a thread of its own.
    public func run() {
        condition.locked { state.running = true }
        while nextFetchIsDue() { perform() }
        condition.locked {
            state.running = false
            condition.broadcast()
        }
    }

    /// Ends `run()` once its current fetch (if any) is over.
    public func stop() {
        condition.locked {
            state.stopped = true
            condition.broadcast()
        }
    }

    /// For a token whose `kid` no key has: asks for a fetch now and waits for it (at most `unknownKeyWait`). True
    /// when that fetch installed new keys. No fetch and no wait when the last one ended less than `floor` ago, so a
    /// flood of invented kids fetches at most once per floor; none either when `run()` is not running.
    public func awaitFreshKeys() -> Bool {
        condition.locked {
            let now = MonotonicCondition.now()
            guard state.running, !state.stopped else { return false }
            if !state.inFlight, let last = state.lastAttempt, now - last < schedule.floor { return false }
            let installedBefore = state.installed
            let target = state.completed + 1
            if !state.inFlight {
                state.urgent = true
                condition.broadcast()
            }
            let deadline = now + schedule.unknownKeyWait
            while state.completed < target, state.running, condition.wait(until: deadline) {}
            return state.installed > installedBefore
        }
    }

    /// The members the installed set skipped (empty before the first successful fetch).
    public var skipped: [SkippedKey] {
        condition.locked { state.skipped }
    }

    /// How many fetches have ended, and how many installed a new document (for tests and the doctor).
    public var counts: (fetches: UInt64, installed: UInt64) {
        condition.locked { (state.completed, state.installed) }
    }

    /// Waits until a fetch is due, then marks it in flight; false once stopped.
    private func nextFetchIsDue() -> Bool {
        condition.locked {
            while !state.stopped {
                let now = MonotonicCondition.now()
                let due =
                    state.urgent ? (state.lastAttempt.map { $0 + schedule.floor } ?? now) : state.nextFetch
                if now >= due {
                    state.urgent = false
                    state.inFlight = true
                    return true
                }
                condition.wait(until: due)
            }
            return false
        }
    }

    private func perform() {
        let outcome = fetch()
        var installed: (count: Int, skipped: [SkippedKey])?
        condition.locked {
            let now = MonotonicCondition.now()
            state.lastAttempt = now
            switch outcome {
            case .fetched(let keys, let skipped, let document, let maxAge):
                state.failures = 0
                state.nextFetch = now + schedule.delay(afterSuccessWithMaxAge: maxAge)
                if document != state.document {
                    keyRing.replace(with: fixedKeys + keys)
                    state.document = document
                    state.skipped = skipped
                    state.installed += 1
                    installed = (keys.count, skipped)
                }
            case .failed:
                state.failures += 1
                state.nextFetch = now + schedule.delay(afterFailures: state.failures)
            }
            state.inFlight = false
            state.completed += 1
            condition.broadcast()
        }
        if let installed { installedKeys(installed.count, installed.skipped) }
    }
}

import JOSE
import Synchronization

/// Keeps the key ring filled from a JWKS source that can change (Better Auth's `/api/auth/jwks`): fetched at
/// start, and again when a token names an unknown `kid`, but at most once per interval, so a flood of invented
/// kids cannot hammer the issuer. A failed fetch keeps the last good keys.
public final class KeyRefresher: Sendable {
    private let keyRing: KeyRing
    private let fixedKeys: [VerificationKey]
    private let minimumInterval: Double
    private let fetch: @Sendable () -> JWKSetContents?
    private let lastAttempt: Mutex<Double?>
    private let lastSkipped: Mutex<[SkippedKey]>

    /// - Parameters:
    ///   - keyRing: the verifier's ring, replaced with `fixedKeys` plus the fetched keys.
    ///   - fixedKeys: keys that do not come from the URL (JWKS_FILE).
    ///   - minimumInterval: seconds between two fetches.
    ///   - fetch: loads the current set; nil when the source could not be read or gave no usable key (the old keys
    ///     stay).
    public init(
        keyRing: KeyRing, fixedKeys: [VerificationKey], minimumInterval: Double,
        fetch: @escaping @Sendable () -> JWKSetContents?
    ) {
        self.keyRing = keyRing
        self.fixedKeys = fixedKeys
        self.minimumInterval = minimumInterval
        self.fetch = fetch
        lastAttempt = Mutex(nil)
        lastSkipped = Mutex([])
    }

    /// The members the installed set skipped (empty before the first successful fetch).
    public var skipped: [SkippedKey] {
        lastSkipped.withLock { $0 }
    }

    /// Fetches unless the last attempt was less than the interval ago; true when new keys were installed.
    @discardableResult
    public func refreshIfDue(now: Double) -> Bool {
        let due = lastAttempt.withLock { last -> Bool in
            if let last, now - last < minimumInterval, now >= last { return false }
            last = now
            return true
        }
        guard due, let contents = fetch() else { return false }
        keyRing.replace(with: fixedKeys + contents.keys)
        lastSkipped.withLock { $0 = contents.skipped }
        return true
    }
}

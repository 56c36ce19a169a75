import JOSE
import Synchronization

/// Keeps the key ring filled from a JWKS source that can change (Better Auth's `/api/auth/jwks`): fetched at
/// start, and again when a token names an unknown `kid`, but at most once per interval, so a flood of invented
/// kids cannot hammer the issuer. A failed fetch keeps the last good keys.
public final class KeyRefresher: Sendable {
    private let keyRing: KeyRing
    private let fixedKeys: [VerificationKey]
    private let minimumInterval: Double
    private let fetch: @Sendable () -> [VerificationKey]?
    private let lastAttempt: Mutex<Double?>

    /// - Parameters:
    ///   - keyRing: the verifier's ring, replaced with `fixedKeys` plus the fetched keys.
    ///   - fixedKeys: keys that do not come from the URL (JWKS_FILE).
    ///   - minimumInterval: seconds between two fetches.
    ///   - fetch: loads the current keys; nil when the source could not be read (the old keys stay).
    public init(
        keyRing: KeyRing, fixedKeys: [VerificationKey], minimumInterval: Double,
        fetch: @escaping @Sendable () -> [VerificationKey]?
    ) {
        self.keyRing = keyRing
        self.fixedKeys = fixedKeys
        self.minimumInterval = minimumInterval
        self.fetch = fetch
        lastAttempt = Mutex(nil)
    }

    /// Fetches unless the last attempt was less than the interval ago; true when new keys were installed.
    @discardableResult
    public func refreshIfDue(now: Double) -> Bool {
        let due = lastAttempt.withLock { last -> Bool in
            if let last, now - last < minimumInterval, now >= last { return false }
            last = now
            return true
        }
        guard due, let keys = fetch() else { return false }
        keyRing.replace(with: fixedKeys + keys)
        return true
    }
}

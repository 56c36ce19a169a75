import COpenSSL
import Locks

/// Hashes and verifies passwords exactly as Better Auth does (scrypt N=16384, r=16, p=1, 64-byte key, NFKC
/// password, hex-text salt, stored `salthex:keyhex`), so imported Better Auth users keep their passwords.
///
/// Each hash needs 32 MiB of memory for a few tens of milliseconds, so the work has a bounded budget: at most
/// `maxConcurrentHashes` run at once, at most `maxWaiting` callers wait behind them, each at most `maxWait`
/// seconds; any other caller is refused at once with `PasswordWorkShed`, without hashing. Thread-safe: keep ONE
/// per process and share it, or the budget means nothing.
public final class PasswordHasher: Sendable {
    /// The memory one hash needs: 32 MiB.
    public static let memoryPerHash = Scrypt.memoryPerHash

    let limiter: ConcurrencyLimiter

    /// A hasher running at most `maxConcurrentHashes` (at least 1) hashes at once, with at most `maxWaiting`
    /// callers waiting at most `maxWait` seconds each (the defaults wait without bound: tools and tests).
    public init(maxConcurrentHashes: Int = 2, maxWaiting: Int = .max, maxWait: Double = .infinity) {
        limiter = ConcurrencyLimiter(limit: max(1, maxConcurrentHashes), queueLimit: maxWaiting, maxWait: maxWait)
    }

    /// How many hashes may run at once.
    public var maxConcurrentHashes: Int { limiter.limit }

    /// How many callers may wait for a hash slot.
    public var maxWaiting: Int { limiter.queueLimit }

    /// The most threads password work can hold at once: hashing, or waiting for a hash.
    public var maxWorkers: Int { limiter.queueLimit == .max ? .max : limiter.limit + limiter.queueLimit }

    /// How many callers were refused because the budget was spent.
    public var shed: Int { limiter.shed }

    /// Password work now: hashes running, and callers waiting for a slot.
    public var load: (running: Int, waiting: Int) { limiter.load }

    /// A new `salthex:keyhex` for `password` with a fresh random salt.
    public func hash(_ password: String) throws(PasswordWorkShed) -> String {
        let salt = StoredPasswordHash.randomSalt()
        return StoredPasswordHash(salt: salt, key: try derive(password, salt: salt)).text
    }

    /// True when `password` matches `stored`, compared in constant time. A malformed `stored` is false, after the
    /// same work as a real verification.
    public func verify(_ password: String, stored: String) throws(PasswordWorkShed) -> Bool {
        guard let stored = StoredPasswordHash(parsing: stored) else {
            try verifyDummy(password)
            return false
        }
        let key = try derive(password, salt: stored.salt)
        return CRYPTO_memcmp(key, stored.key, key.count) == 0
    }

    /// Does the work of `verify` and throws the answer away: for an unknown email, so that it costs the same time
    /// as a wrong password.
    public func verifyDummy(_ password: String) throws(PasswordWorkShed) {
        let key = try derive(password, salt: Self.dummy.salt)
        _ = CRYPTO_memcmp(key, Self.dummy.key, key.count)
    }

    private static let dummy = StoredPasswordHash(
        salt: String(repeating: "0", count: StoredPasswordHash.saltLength),
        key: [UInt8](repeating: 0, count: Scrypt.keyLength))

    private func derive(_ password: String, salt: String) throws(PasswordWorkShed) -> [UInt8] {
        let derived = limiter.runIfAdmitted {
            Scrypt.derive(password: PasswordNormalization.bytes(password), salt: Array(salt.utf8))
        }
        guard let derived else { throw PasswordWorkShed() }
        guard let derived else {
            preconditionFailure("EVP_PBE_scrypt failed")
        }
        return derived
    }
}

/// The password budget was spent: the work was refused without hashing (answered 429 with Retry-After).
public struct PasswordWorkShed: Error, Equatable {
    public init() {}
}

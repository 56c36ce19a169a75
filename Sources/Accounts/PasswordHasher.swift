import COpenSSL

/// Hashes and verifies passwords exactly as Better Auth does (scrypt N=16384, r=16, p=1, 64-byte key, NFKC
/// password, hex-text salt, stored `salthex:keyhex`), so imported Better Auth users keep their passwords.
///
/// Each hash needs 32 MiB of memory for a few tens of milliseconds, so at most `maxConcurrentHashes` run at once
/// and the others wait. Thread-safe: keep ONE per process and share it, or the bound means nothing.
public final class PasswordHasher: Sendable {
    /// The memory one hash needs: 32 MiB.
    public static let memoryPerHash = Scrypt.memoryPerHash

    let limiter: ConcurrencyLimiter

    /// A hasher running at most `maxConcurrentHashes` (at least 1) hashes at once.
    public init(maxConcurrentHashes: Int = 2) {
        limiter = ConcurrencyLimiter(limit: max(1, maxConcurrentHashes))
    }

    /// How many hashes may run at once.
    public var maxConcurrentHashes: Int { limiter.limit }

    /// A new `salthex:keyhex` for `password` with a fresh random salt.
    public func hash(_ password: String) -> String {
        let salt = StoredPasswordHash.randomSalt()
        return StoredPasswordHash(salt: salt, key: derive(password, salt: salt)).text
    }

    /// True when `password` matches `stored`, compared in constant time. A malformed `stored` is false, after the
    /// same work as a real verification.
    public func verify(_ password: String, stored: String) -> Bool {
        guard let stored = StoredPasswordHash(parsing: stored) else {
            verifyDummy(password)
            return false
        }
        let key = derive(password, salt: stored.salt)
        return CRYPTO_memcmp(key, stored.key, key.count) == 0
    }

    /// Does the work of `verify` and throws the answer away: for an unknown email, so that it costs the same time
    /// as a wrong password.
    public func verifyDummy(_ password: String) {
        let key = derive(password, salt: Self.dummy.salt)
        _ = CRYPTO_memcmp(key, Self.dummy.key, key.count)
    }

    private static let dummy = StoredPasswordHash(
        salt: String(repeating: "0", count: StoredPasswordHash.saltLength),
        key: [UInt8](repeating: 0, count: Scrypt.keyLength))

    private func derive(_ password: String, salt: String) -> [UInt8] {
        let password = PasswordNormalization.bytes(password)
        let derived = limiter.run { Scrypt.derive(password: password, salt: Array(salt.utf8)) }
        guard let derived else {
            preconditionFailure("EVP_PBE_scrypt failed")
        }
        return derived
    }
}

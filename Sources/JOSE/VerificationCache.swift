import Locks

/// A bounded, thread-safe cache of tokens whose signature and claims were verified, keyed by the SHA-256 of the
/// token's bytes (so two tokens share an entry only by a SHA-256 collision). A hit skips the parsing, the signature
/// and the claims that cannot change with time (`iss`, `aud`, `sub`: the policy is fixed for the verifier's life);
/// the time claims are checked again at every use, an entry is dropped once its token has expired, and a change of
/// keys empties it, so the cache never changes an answer.
///
/// An entry is the digest and the few fields of `VerifiedJWT`, not the token and its claims: about 200 bytes per
/// token however long the token is (Better Auth's carry the user's name, email and image), where the token's text
/// and its claims' dictionary took 700 for a 171-byte token, 1.4 MB of the list bench's peak RSS for its 2,000.
final class VerificationCache: Sendable {
    /// A token as the key: the SHA-256 of its UTF-8 bytes, as four words. Bytes, not String's `==` (canonical
    /// equivalence), under which a token with U+212A KELVIN SIGN for a `K` would have met the entry of the ASCII
    /// token before the parser could refuse it.
    struct Key: Hashable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        init(token: String) {
            var token = token
            var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            token.withUTF8 { bytes in
                var state = SHA256State()
                state.absorb(bytes)
                withUnsafeMutableBytes(of: &digest) { state.finish(into: $0.bindMemory(to: UInt8.self).baseAddress!) }
            }
            words = digest
        }

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
                && lhs.words.3 == rhs.words.3
        }

        /// One word of the digest is already uniform.
        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
        }
    }

    private struct Entry {
        let token: VerifiedJWT
        let keyGeneration: UInt64
        /// Before this (Unix seconds) `nbf` or `iat` would refuse the token; after `usableUntil`, `exp` would.
        let usableFrom: Double
        let usableUntil: Double
    }

    /// Most entries kept at once.
    let capacity: Int
    private let entries: SleepingMutex<[Key: Entry]>

    init(capacity: Int = 4096) {
        self.capacity = capacity
        entries = SleepingMutex([:])
    }

    /// The verified token for the token of `key` if it was verified with the current keys and its time claims
    /// accept `now`.
    func lookup(_ key: Key, keyGeneration: UInt64, now: Double) -> VerifiedJWT? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.keyGeneration == keyGeneration, now <= entry.usableUntil else {
                entries[key] = nil
                return nil
            }
            // A clock set back before nbf or iat: not an answer the cache may give; the full check refuses it.
            guard now >= entry.usableFrom else { return nil }
            return entry.token
        }
    }

    /// Remembers a verified token for the span its time claims allow. When full, expired entries go first, then
    /// arbitrary ones until a quarter of the room is free.
    func insert(
        _ key: Key, verified: VerifiedJWT, keyGeneration: UInt64, usableFrom: Double, usableUntil: Double, now: Double
    ) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.usableUntil >= now && $0.value.keyGeneration == keyGeneration }
                while entries.count >= capacity * 3 / 4, let victim = entries.keys.first {
                    entries[victim] = nil
                }
            }
            entries[key] = Entry(
                token: verified, keyGeneration: keyGeneration, usableFrom: usableFrom, usableUntil: usableUntil)
        }
    }

    /// How many entries are held (for tests).
    var count: Int {
        entries.withLock { $0.count }
    }
}

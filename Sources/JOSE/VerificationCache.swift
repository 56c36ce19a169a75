import Glibc
import Locks

/// A bounded, thread-safe cache of tokens whose signature and claims were verified, keyed by the token's own
/// bytes (compared in full, so two tokens never share an entry). A hit skips the parsing, the signature and the
/// claims that cannot change with time (`iss`, `aud`, `sub`: the policy is fixed for the verifier's life); the
/// time claims are checked again at every use, an entry is dropped once its token has expired, and a change of
/// keys empties it, so the cache never changes an answer.
final class VerificationCache: Sendable {
    /// A token as the key: hashed and compared on its UTF-8 bytes. String's own `==` is canonical equivalence,
    /// under which a token with U+212A KELVIN SIGN for a `K` would have met the entry of the ASCII token, before the
    /// parser could refuse it.
    private struct Key: Hashable {
        let token: String

        static func == (lhs: Key, rhs: Key) -> Bool {
            let left = lhs.token.utf8
            let right = rhs.token.utf8
            guard left.count == right.count else { return false }
            return left.withContiguousStorageIfAvailable { left in
                right.withContiguousStorageIfAvailable { right in
                    left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
                }
            }.flatMap { $0 } ?? left.elementsEqual(right)
        }

        /// The length and the last `hashedSuffix` bytes (the signature's end): a cached token is one whose
        /// signature verified, and two of those share their last 64 characters only by a MAC or signature
        /// collision, so hashing the rest (the header and the claims, hundreds of bytes) buys no spread. Equality
        /// still compares every byte.
        func hash(into hasher: inout Hasher) {
            let utf8 = token.utf8
            hasher.combine(utf8.count)
            let done: Void? = utf8.withContiguousStorageIfAvailable { bytes in
                let end = UnsafeBufferPointer(rebasing: bytes.suffix(Self.hashedSuffix))
                hasher.combine(bytes: UnsafeRawBufferPointer(end))
            }
            if done == nil { for byte in utf8.suffix(Self.hashedSuffix) { hasher.combine(byte) } }
        }

        static let hashedSuffix = 64
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

    /// The verified token for `token` if it was verified with the current keys and its time claims accept `now`.
    func lookup(_ token: String, keyGeneration: UInt64, now: Double) -> VerifiedJWT? {
        let key = Key(token: token)
        return entries.withLock { entries in
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
        _ token: String, verified: VerifiedJWT, keyGeneration: UInt64, usableFrom: Double, usableUntil: Double,
        now: Double
    ) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.usableUntil >= now && $0.value.keyGeneration == keyGeneration }
                while entries.count >= capacity * 3 / 4, let victim = entries.keys.first {
                    entries[victim] = nil
                }
            }
            entries[Key(token: token)] = Entry(
                token: verified, keyGeneration: keyGeneration, usableFrom: usableFrom, usableUntil: usableUntil)
        }
    }

    /// How many entries are held (for tests).
    var count: Int {
        entries.withLock { $0.count }
    }
}

import COpenSSL
import Synchronization

/// A bounded, thread-safe cache of tokens whose asymmetric signature was verified, keyed by the SHA-256 of
/// the whole token. A hit skips only the signature check (about 150 µs for Ed25519): the claims are validated
/// again at every use, an entry is dropped once its token has expired, and a change of keys empties it, so the
/// cache never changes an answer.
final class VerificationCache: Sendable {
    struct Key: Hashable, Sendable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.words == rhs.words
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
        }

        /// The SHA-256 of `token`'s bytes.
        init(token: String) {
            var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            var text = token
            text.withUTF8 { bytes in
                withUnsafeMutableBytes(of: &digest) { output in
                    _ = SHA256(
                        bytes.baseAddress, bytes.count, output.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
            words = digest
        }
    }

    private struct Entry {
        let token: VerifiedJWT
        let keyGeneration: UInt64
        /// After this (Unix seconds) the token is expired whatever the clock skew allowed.
        let usableUntil: Double
    }

    /// Most entries kept at once.
    let capacity: Int
    private let entries: Mutex<[Key: Entry]>

    init(capacity: Int = 4096) {
        self.capacity = capacity
        entries = Mutex([:])
    }

    /// The verified token for `key` if it was verified with the current keys and has not expired.
    func lookup(_ key: Key, keyGeneration: UInt64, now: Double) -> VerifiedJWT? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.keyGeneration == keyGeneration, now <= entry.usableUntil else {
                entries[key] = nil
                return nil
            }
            return entry.token
        }
    }

    /// Remembers a verified token until `usableUntil`. When full, expired entries go first, then arbitrary
    /// ones until a quarter of the room is free.
    func insert(_ key: Key, token: VerifiedJWT, keyGeneration: UInt64, usableUntil: Double, now: Double) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.usableUntil >= now && $0.value.keyGeneration == keyGeneration }
                while entries.count >= capacity * 3 / 4, let victim = entries.keys.first {
                    entries[victim] = nil
                }
            }
            entries[key] = Entry(token: token, keyGeneration: keyGeneration, usableUntil: usableUntil)
        }
    }

    /// How many entries are held (for tests).
    var count: Int {
        entries.withLock { $0.count }
    }
}

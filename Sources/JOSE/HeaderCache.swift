import Glibc
import JSON
import Locks

/// The protected headers of recent tokens, decoded and checked, keyed by their encoded bytes (compared in full).
/// Every token of one issuer and key carries the same header, so its base64url and JSON are decoded once rather
/// than for each new token. An entry is a pure function of its bytes, so a hit is the answer a fresh decode would
/// give; only headers that decoded and passed the header rules are kept, and a flood of distinct headers only
/// replaces entries (at most `capacity`).
final class HeaderCache: Sendable {
    /// A header as `CompactJWS` hands it on: every member, and the ones that decide verification.
    struct Decoded: Sendable {
        let members: [String: JSONValue]
        let rules: ProtectedHeader
    }

    private struct Entry {
        let encoded: [UInt8]
        let decoded: Decoded
    }

    private struct State {
        var entries: [Entry] = []
        /// The entry the next insertion replaces once full (round robin).
        var next = 0
    }

    /// Most headers kept: an issuer rotating keys has a few at once, an attacker's headers cycle through.
    let capacity: Int
    private let state = SleepingMutex(State())

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// The decoded header whose encoding is exactly `encoded`, if it is held.
    func lookup(_ encoded: UnsafeBufferPointer<UInt8>) -> Decoded? {
        state.withLock { state in
            state.entries.first { entry in
                entry.encoded.count == encoded.count
                    && entry.encoded.withUnsafeBufferPointer {
                        memcmp($0.baseAddress!, encoded.baseAddress!, encoded.count) == 0
                    }
            }?.decoded
        }
    }

    /// Remembers `decoded` as the header encoded as `encoded`.
    func insert(_ encoded: UnsafeBufferPointer<UInt8>, _ decoded: Decoded) {
        guard capacity > 0, !encoded.isEmpty else { return }
        let entry = Entry(encoded: Array(encoded), decoded: decoded)
        state.withLock { state in
            if state.entries.count < capacity {
                state.entries.append(entry)
            } else {
                state.entries[state.next] = entry
                state.next = (state.next + 1) % capacity
            }
        }
    }

    /// How many headers are held (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}

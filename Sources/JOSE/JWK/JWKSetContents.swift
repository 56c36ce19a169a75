import JSON

/// What a JWK Set gives: the keys that verify, and the members that were skipped, each with its reason.
public struct JWKSetContents: Sendable {
    /// The usable verification keys, in document order; never empty.
    public let keys: [VerificationKey]
    /// The members that give no key, in document order.
    public let skipped: [SkippedKey]
}

/// A member of a JWK Set that gives no verification key, and why. Only its `kid`, `kty` and `alg` are kept, never
/// key material, so it is safe to log.
public struct SkippedKey: Sendable, Equatable, CustomStringConvertible {
    /// Its position in the set's `keys` array (0 for a document that is a single JWK).
    public let index: Int
    /// Its `kid`, when that is a string.
    public let kid: String?
    /// Its `kty`, when that is a string.
    public let kty: String?
    /// Its `alg`, when that is a string.
    public let alg: String?
    /// Why it gives no key.
    public let reason: JWKError

    /// Which member this is, for a log line or a report: `kid "z" (OKP, EdDSA)`, or `key #2 (RSA)` without a kid.
    /// Control characters are replaced and long values cut, whatever the document holds.
    public var name: String {
        let which = kid.map { "kid \"\(Self.printable($0))\"" } ?? "key #\(index)"
        let kinds = [kty, alg].compactMap { $0.map { Self.printable($0) } }
        return kinds.isEmpty ? which : "\(which) (\(kinds.joined(separator: ", ")))"
    }

    /// `name: reason`, on one line.
    public var description: String {
        "\(name): \(Self.printable(reason.reason, limit: 300))"
    }

    init(index: Int, members: [String: JSONValue]?, reason: JWKError) {
        self.index = index
        kid = members?["kid"]?.stringValue
        kty = members?["kty"]?.stringValue
        alg = members?["alg"]?.stringValue
        self.reason = reason
    }

    /// `text` with control characters replaced by `?` and cut after `limit` characters.
    static func printable(_ text: String, limit: Int = 64) -> String {
        let scalars = text.unicodeScalars.prefix(limit).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }
        let cut = String(String.UnicodeScalarView(scalars))
        return text.unicodeScalars.count > limit ? cut + "…" : cut
    }
}

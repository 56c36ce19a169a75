import JSON

/// Reads verification keys from a JWK Set (`{"keys":[...]}`) or a single JWK, key by key.
///
/// A member that gives no key is skipped with its reason, and the other members still serve: keys with `use` other
/// than `sig` or `key_ops` without `verify`, unknown `kty` or `crv`, `alg` values that are not JWS signature
/// algorithms or that do not fit the key, malformed members, invalid or weak keys (RSA below 2048 bits, Ed25519 of
/// small order or non-canonical), and `oct` keys unless `allowSymmetric`. The whole document is refused only when it
/// is not a JSON object, `keys` is not an array, it has more than `maximumKeys` members, or no member is usable.
/// Private members (`d`, `p`, `q`, ...) are never read.
public enum JWKSet {
    /// Most keys accepted in one document.
    public static let maximumKeys = 64

    /// Parses JSON text.
    public static func parse(_ json: [UInt8], allowSymmetric: Bool = false) throws(JWKError) -> JWKSetContents {
        let document: JSONValue
        do {
            document = try JSONParser.parse(json)
        } catch {
            throw .malformed("not JSON")
        }
        return try parse(document: document, allowSymmetric: allowSymmetric)
    }

    /// Reads an already parsed document. Throws `noUsableKey` (listing every skipped member) when no key is usable.
    public static func parse(document: JSONValue, allowSymmetric: Bool = false) throws(JWKError) -> JWKSetContents {
        guard let object = document.objectValue else { throw .malformed("not a JSON object") }
        let entries: [JSONValue]
        if let list = object["keys"] {
            guard let array = list.arrayValue else { throw .malformed("keys is not an array") }
            entries = array
        } else {
            entries = [document]
        }
        guard entries.count <= maximumKeys else { throw .tooManyKeys }
        var keys: [VerificationKey] = []
        var skipped: [SkippedKey] = []
        for (index, entry) in entries.enumerated() {
            guard let members = entry.objectValue else {
                skipped.append(SkippedKey(index: index, members: nil, reason: .malformed("a key is not a JSON object")))
                continue
            }
            do {
                keys.append(try key(from: members, allowSymmetric: allowSymmetric))
            } catch {
                skipped.append(SkippedKey(index: index, members: members, reason: error))
            }
        }
        guard !keys.isEmpty else { throw .noUsableKey(skipped) }
        return JWKSetContents(keys: keys, skipped: skipped)
    }

    /// One JWK as a verification key; throws the reason it is skipped.
    static func key(from members: [String: JSONValue], allowSymmetric: Bool) throws(JWKError) -> VerificationKey {
        let jwk = JWKMembers(members: members)
        let type = try jwk.requiredString("kty")
        let kid = try jwk.string("kid")
        if let use = try jwk.string("use"), use != "sig" { throw .unsupported("use is not sig") }
        if let operations = members["key_ops"] {
            guard let list = operations.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw .malformed("key_ops is not an array of strings")
            }
            guard list.contains(.string("verify")) else { throw .unsupported("key_ops does not include verify") }
        }
        switch type {
        case "OKP": return try OKPKey.verificationKey(jwk, kid: kid)
        case "EC": return try ECKey.verificationKey(jwk, kid: kid)
        case "RSA": return try RSAKey.verificationKey(jwk, kid: kid)
        case "oct":
            guard allowSymmetric else { throw .symmetricNotAllowed }
            return try OctKey.verificationKey(jwk, kid: kid)
        default: throw .unsupported("kty \(type) is not known")
        }
    }
}

import JSON

/// Reads verification keys from a JWK Set (`{"keys":[...]}`) or a single JWK.
///
/// Skipped, not refused: keys with `use` other than `sig`, `key_ops` without `verify`, unknown `kty` or `crv`, and
/// `alg` values that are not JWS signature algorithms. Refused (the whole document throws): malformed members,
/// invalid or weak keys, an `alg` inconsistent with the key, and `oct` keys unless `allowSymmetric`. Private members
/// (`d`, `p`, `q`, ...) are never read.
public enum JWKSet {
    /// Most keys accepted in one document.
    public static let maximumKeys = 64

    /// Parses JSON text.
    public static func parse(_ json: [UInt8], allowSymmetric: Bool = false) throws(JWKError) -> [VerificationKey] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(json)
        } catch {
            throw .malformed("not JSON")
        }
        return try keys(from: document, allowSymmetric: allowSymmetric)
    }

    /// Reads an already parsed document.
    public static func keys(from document: JSONValue, allowSymmetric: Bool = false) throws(JWKError)
        -> [VerificationKey]
    {
        guard let object = document.objectValue else { throw .malformed("not a JSON object") }
        guard let list = object["keys"] else {
            return try key(from: object, allowSymmetric: allowSymmetric).map { [$0] } ?? []
        }
        guard let entries = list.arrayValue else { throw .malformed("keys is not an array") }
        guard entries.count <= maximumKeys else { throw .tooManyKeys }
        var keys: [VerificationKey] = []
        for entry in entries {
            guard let members = entry.objectValue else { throw .malformed("a key is not a JSON object") }
            if let key = try key(from: members, allowSymmetric: allowSymmetric) { keys.append(key) }
        }
        return keys
    }

    /// One JWK as a verification key; nil when it is skipped.
    static func key(from members: [String: JSONValue], allowSymmetric: Bool) throws(JWKError) -> VerificationKey? {
        let jwk = JWKMembers(members: members)
        let type = try jwk.requiredString("kty")
        let kid = try jwk.string("kid")
        if let use = try jwk.string("use"), use != "sig" { return nil }
        if let operations = members["key_ops"] {
            guard let list = operations.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw .malformed("key_ops is not an array of strings")
            }
            guard list.contains(.string("verify")) else { return nil }
        }
        switch type {
        case "OKP": return try OKPKey.verificationKey(jwk, kid: kid)
        case "EC": return try ECKey.verificationKey(jwk, kid: kid)
        case "RSA": return try RSAKey.verificationKey(jwk, kid: kid)
        case "oct":
            guard allowSymmetric else { throw .symmetricNotAllowed }
            return try OctKey.verificationKey(jwk, kid: kid)
        default: return nil
        }
    }
}

import JSON

/// The header members that decide how a token is verified, read with the RFC 8725 rules: `alg` must be a string
/// naming an implemented algorithm (never `none`), `crit` is refused outright, `kid` must be a string. `jku`, `jwk`,
/// `x5u` and `x5c` are never read, so a token cannot bring its own key.
struct ProtectedHeader {
    let algorithm: JWSAlgorithm
    let kid: String?

    init(_ members: [String: JSONValue]) throws(JWTError) {
        guard let alg = members["alg"] else { throw .malformed("missing alg") }
        guard let name = alg.stringValue else { throw .malformed("alg is not a string") }
        guard name.lowercased() != "none" else { throw .unsecured }
        guard let algorithm = JWSAlgorithm(headerValue: name) else {
            throw .unsupportedAlgorithm(String(name.prefix(32)))
        }
        // No extension is understood, so any `crit` (even an empty or malformed one) is refused.
        guard members["crit"] == nil else { throw .unsupportedCritical }
        let kid: String?
        switch members["kid"] {
        case nil: kid = nil
        case .string(let value)?: kid = value
        default: throw .malformed("kid is not a string")
        }
        self.algorithm = algorithm
        self.kid = kid
    }
}

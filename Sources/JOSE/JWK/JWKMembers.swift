import JSON

/// Typed access to the members of one JWK (RFC 7517), with the errors a malformed member deserves.
struct JWKMembers {
    /// What a JWK's `alg` member says.
    enum Algorithm {
        case absent
        case known(JWSAlgorithm)
        /// Present but not a signature algorithm implemented here (e.g. `RSA-OAEP`).
        case other
    }

    let members: [String: JSONValue]

    func string(_ name: String) throws(JWKError) -> String? {
        guard let value = members[name] else { return nil }
        guard let text = value.stringValue else { throw .malformed("\(name) is not a string") }
        return text
    }

    func requiredString(_ name: String) throws(JWKError) -> String {
        guard let text = try string(name) else { throw .malformed("missing \(name)") }
        return text
    }

    /// A base64url member decoded (strictly); nil when absent.
    func bytes(_ name: String) throws(JWKError) -> [UInt8]? {
        guard let text = try string(name) else { return nil }
        guard let bytes = Base64URL.decode(text) else { throw .malformed("\(name) is not base64url") }
        return bytes
    }

    func requiredBytes(_ name: String) throws(JWKError) -> [UInt8] {
        guard let bytes = try bytes(name) else { throw .malformed("missing \(name)") }
        return bytes
    }

    var algorithm: Algorithm {
        get throws(JWKError) {
            guard let name = try string("alg") else { return .absent }
            guard let algorithm = JWSAlgorithm(headerValue: name) else { return .other }
            return .known(algorithm)
        }
    }

    /// The algorithm of a key that can verify `allowed` (the first is the default when `alg` is absent). Throws
    /// `unsupported` when `alg` names something other than a JWS signature algorithm (e.g. `RSA-OAEP`), and
    /// `inconsistentAlgorithm` when it names one this kind of key cannot verify.
    func algorithm(allowed: [JWSAlgorithm]) throws(JWKError) -> JWSAlgorithm {
        switch try algorithm {
        case .absent: return allowed[0]
        case .other: throw .unsupported("alg \(try requiredString("alg")) is not a JWS signature algorithm")
        case .known(let algorithm):
            guard allowed.contains(algorithm) else { throw .inconsistentAlgorithm }
            return algorithm
        }
    }
}

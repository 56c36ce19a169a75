import JSON

/// `iss` must equal the configured issuer, when one is configured.
enum IssuerClaim {
    static func check(_ claims: [String: JSONValue], expected: String?) throws(JWTError) {
        guard let expected else { return }
        guard claims["iss"]?.stringValue == expected else { throw .invalidIssuer }
    }
}

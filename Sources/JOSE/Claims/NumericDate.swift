import JSON

/// Reads a NumericDate claim (RFC 7519 §2): absent is nil, anything but a JSON number is refused.
enum NumericDate {
    static func read(_ name: String, in claims: [String: JSONValue]) throws(JWTError) -> Double? {
        guard let value = claims[name] else { return nil }
        guard let seconds = value.numberValue else { throw .invalidClaim(name) }
        return seconds
    }
}

import JSON

/// `iat` is optional: a token claiming to be issued after `now + leeway` is refused.
enum IssuedAtClaim {
    /// Returns the claim (nil when absent).
    @discardableResult
    static func check(_ claims: [String: JSONValue], now: Double, leeway: Double) throws(JWTError) -> Double? {
        guard let issuedAt = try NumericDate.read("iat", in: claims) else { return nil }
        guard issuedAt <= now + leeway else { throw .issuedInFuture }
        return issuedAt
    }
}

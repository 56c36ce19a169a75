import JSON

/// `exp` is required: a token without an expiry would be valid forever.
enum ExpirationClaim {
    /// Returns `exp`; refuses the token once `now` is past `exp + leeway`.
    static func check(_ claims: [String: JSONValue], now: Double, leeway: Double) throws(JWTError) -> Double {
        guard let expiry = try NumericDate.read("exp", in: claims) else { throw .missingExpiry }
        guard now <= expiry + leeway else { throw .expired }
        return expiry
    }
}

import JSON

/// `iat` is optional: a token claiming to be issued after `now + leeway` is refused.
enum IssuedAtClaim {
    static func check(_ claims: [String: JSONValue], now: Double, leeway: Double) throws(JWTError) {
        guard let issuedAt = try NumericDate.read("iat", in: claims) else { return }
        guard issuedAt <= now + leeway else { throw .issuedInFuture }
    }
}

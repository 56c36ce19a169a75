import JSON

/// `nbf` is optional: when present the token is refused until `nbf - leeway`.
enum NotBeforeClaim {
    /// Returns the claim (nil when absent).
    @discardableResult
    static func check(_ claims: [String: JSONValue], now: Double, leeway: Double) throws(JWTError) -> Double? {
        guard let notBefore = try NumericDate.read("nbf", in: claims) else { return nil }
        guard now + leeway >= notBefore else { throw .notYetValid }
        return notBefore
    }
}

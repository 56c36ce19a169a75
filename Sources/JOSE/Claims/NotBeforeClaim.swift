import JSON

/// `nbf` is optional: when present the token is refused until `nbf - leeway`.
enum NotBeforeClaim {
    static func check(_ claims: [String: JSONValue], now: Double, leeway: Double) throws(JWTError) {
        guard let notBefore = try NumericDate.read("nbf", in: claims) else { return }
        guard now + leeway >= notBefore else { throw .notYetValid }
    }
}

import JSON

/// `aud` (a string or an array of strings) must contain the configured audience, when one is configured. Without a
/// configured audience `aud` is not read.
enum AudienceClaim {
    static func check(_ claims: [String: JSONValue], expected: String?) throws(JWTError) {
        guard let expected else { return }
        switch claims["aud"] {
        case .string(let audience)?:
            guard audience == expected else { throw .invalidAudience }
        case .array(let audiences)?:
            let names = audiences.compactMap { $0.stringValue }
            guard names.count == audiences.count, names.contains(expected) else { throw .invalidAudience }
        default:
            throw .invalidAudience
        }
    }
}

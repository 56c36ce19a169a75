import JSON

/// `sub` names the user: a non-empty string of at most 255 UTF-8 bytes without control characters.
enum SubjectClaim {
    static let maximumLength = 255

    static func check(_ claims: [String: JSONValue]) throws(JWTError) -> String {
        guard let subject = claims["sub"]?.stringValue, !subject.isEmpty, subject.utf8.count <= maximumLength,
            !subject.unicodeScalars.contains(where: isControl)
        else { throw .invalidSubject }
        return subject
    }

    /// General category Cc, which Unicode fixes as exactly U+0000–U+001F and U+007F–U+009F (no table lookup).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

import JSON

/// `sub` names the user: a non-empty string of at most 255 UTF-8 bytes without control characters.
enum SubjectClaim {
    static let maximumLength = 255

    static func check(_ claims: [String: JSONValue]) throws(JWTError) -> String {
        guard let subject = claims["sub"]?.stringValue, !subject.isEmpty, subject.utf8.count <= maximumLength,
            !subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidSubject }
        return subject
    }
}

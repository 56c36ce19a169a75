import Storage

/// What sign-up accepts. Lengths count characters (grapheme clusters) of the text as given.
public enum AccountRules {
    /// Fewest characters in a password (Better Auth's default).
    public static let minimumPasswordLength = 8
    /// Most characters in a password (Better Auth's default).
    public static let maximumPasswordLength = 128
    /// Most characters in a name, after trimming (our choice; Better Auth sets none).
    public static let maximumNameLength = 100
    /// Most characters in an email address (RFC 5321's path limit).
    public static let maximumEmailLength = 254

    /// The stored name and email of a sign-up, or the first problem: name, then email, then password length.
    public static func signUp(
        name: String, email: String, password: String
    ) -> Result<(name: String, email: String), AccountError> {
        self.name(name).flatMap { name in
            self.email(email).flatMap { email in
                passwordProblem(password).map { .failure($0) } ?? .success((name, email))
            }
        }
    }

    /// The stored form of `email` (trimmed, lower-cased), or `.invalidEmail` unless it has one `@`, a non-empty
    /// local part, a domain of non-empty dot-separated labels with at least one dot, no white space or control
    /// characters, and at most 254 characters.
    public static func email(_ email: String) -> Result<String, AccountError> {
        let normalized = UserRecord.normalizedEmail(email)
        let parts = normalized.split(separator: "@", omittingEmptySubsequences: false)
        guard normalized.count <= maximumEmailLength, parts.count == 2, !parts[0].isEmpty,
            !normalized.unicodeScalars.contains(where: isForbidden)
        else {
            return .failure(.invalidEmail)
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else {
            return .failure(.invalidEmail)
        }
        return .success(normalized)
    }

    /// The stored form of `name` (trimmed), or why it is refused.
    public static func name(_ name: String) -> Result<String, AccountError> {
        let trimmed = trimmed(name)
        if trimmed.isEmpty {
            return .failure(.nameRequired)
        }
        if trimmed.count > maximumNameLength {
            return .failure(.nameTooLong)
        }
        return .success(trimmed)
    }

    /// Nil when the password's length is acceptable, else why not.
    public static func passwordProblem(_ password: String) -> AccountError? {
        let length = password.count
        if length < minimumPasswordLength {
            return .passwordTooShort
        }
        if length > maximumPasswordLength {
            return .passwordTooLong
        }
        return nil
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
    }

    private static func trimmed(_ text: String) -> String {
        var trimmed = Substring(text)
        while trimmed.first?.isWhitespace == true {
            trimmed.removeFirst()
        }
        while trimmed.last?.isWhitespace == true {
            trimmed.removeLast()
        }
        return String(trimmed)
    }
}

import Storage

/// What sign-up accepts. Lengths count Unicode scalars and bytes of UTF-8, both bounded, so that no text that
/// passes can be large (a character may hold any number of combining marks) and no costly work runs on one that
/// does not.
public enum AccountRules {
    /// The most bytes of UTF-8 in a user's image URL.
    public static let maximumImageBytes = 2048

    /// Fewest Unicode scalars in a password (Better Auth's default, which counts UTF-16 units).
    public static let minimumPasswordLength = 8
    /// Most Unicode scalars in a password (Better Auth's default, which counts UTF-16 units).
    public static let maximumPasswordLength = 128
    /// Most bytes of UTF-8 in a password, checked before normalization or hashing.
    public static let maximumPasswordBytes = 512
    /// Most Unicode scalars in a name, after trimming (our choice; Better Auth sets none).
    public static let maximumNameLength = 100
    /// Most bytes of UTF-8 in a name, after trimming: every access token carries the name.
    public static let maximumNameBytes = 400
    /// Most bytes in an email address (RFC 5321's path limit).
    public static let maximumEmailLength = 254
    /// Most live sessions (refresh-token families) of one user; starting another ends the least recently used.
    public static let maximumSessionsPerUser = 50

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
    /// characters, and at most 254 bytes.
    public static func email(_ email: String) -> Result<String, AccountError> {
        let normalized = UserRecord.normalizedEmail(email)
        let parts = normalized.split(separator: "@", omittingEmptySubsequences: false)
        guard normalized.utf8.count <= maximumEmailLength, parts.count == 2, !parts[0].isEmpty,
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
        let trimmed = UserRecord.trimmed(name)
        if trimmed.isEmpty {
            return .failure(.nameRequired)
        }
        if trimmed.unicodeScalars.count > maximumNameLength || trimmed.utf8.count > maximumNameBytes {
            return .failure(.nameTooLong)
        }
        return .success(trimmed)
    }

    /// Nil when the password's length is acceptable, else why not.
    public static func passwordProblem(_ password: String) -> AccountError? {
        if !isPasswordWithinBounds(password) {
            return .passwordTooLong
        }
        if password.unicodeScalars.count < minimumPasswordLength {
            return .passwordTooShort
        }
        return nil
    }

    /// True when `password` is at most `maximumPasswordLength` scalars and `maximumPasswordBytes` bytes: the
    /// check every route that takes a password makes before any work on it (a longer one cannot be anyone's).
    public static func isPasswordWithinBounds(_ password: String) -> Bool {
        password.utf8.count <= maximumPasswordBytes && password.unicodeScalars.count <= maximumPasswordLength
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
    }
}

/// A stored account. Times are Unix milliseconds.
public struct UserRecord: Sendable, Equatable {
    /// 32 alphanumeric characters for users created here; an imported user keeps their Better Auth id.
    public var id: String
    /// The display name.
    public var name: String
    /// Trimmed and lower-cased (stores normalise it again on the way in, see `normalizedEmail`).
    public var email: String
    /// Whether the address was verified (imported from Better Auth; false for users created here).
    public var emailVerified: Bool
    /// An optional picture URL.
    public var image: String?
    /// Better Auth's scrypt `salthex:keyhex`, or nil for a user without a password credential.
    public var passwordHash: String?
    /// When the user was created.
    public var createdAt: Int64
    /// When the user last changed.
    public var updatedAt: Int64

    /// Creates a record from its fields.
    public init(
        id: String,
        name: String,
        email: String,
        emailVerified: Bool,
        image: String?,
        passwordHash: String?,
        createdAt: Int64,
        updatedAt: Int64
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.emailVerified = emailVerified
        self.image = image
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// `email` without surrounding white space, lower-cased: the form in which emails are stored and looked up.
    public static func normalizedEmail(_ email: String) -> String {
        trimmed(email).lowercased()
    }

    /// `text` without the white space (any of Unicode's) around it: how names and emails are stored.
    public static func trimmed(_ text: String) -> String {
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

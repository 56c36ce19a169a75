/// Identifiers of users created here.
public enum UserID {
    /// How many characters an id has (as Better Auth's default ids).
    public static let length = 32

    /// A new id: 32 characters from A-Z, a-z and 0-9, drawn from `RAND_bytes` without modulo bias.
    public static func generate() -> String {
        SecureRandom.alphanumeric(count: length)
    }
}

import JOSE

/// Opaque refresh tokens: 32 random bytes written base64url without padding (43 characters).
///
/// Only `hash(_:)` of a token is stored: the SHA-256 of the token's text (its UTF-8 bytes, not the decoded bytes),
/// so whatever a client presents is hashed as it is, with no decoding step that could fail or normalise.
public enum RefreshTokens {
    /// The length of every token we issue.
    public static let length = 43

    /// A new token.
    public static func generate() -> String {
        Base64URL.encode(SecureRandom.bytes(32))
    }

    /// The stored form: SHA-256 of the token's UTF-8 text (32 bytes).
    public static func hash(_ token: String) -> [UInt8] {
        SHA256.digest(Array(token.utf8))
    }

    /// True when `token` has the shape of one we issue (43 base64url characters); anything else is refused
    /// without a database read.
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == length && token.utf8.allSatisfy(isBase64URL)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}

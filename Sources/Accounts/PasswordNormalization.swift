import Foundation

/// How Better Auth prepares a password for hashing: `password.normalize("NFKC")`, as UTF-8 bytes.
enum PasswordNormalization {
    /// The UTF-8 bytes of the NFKC form of `password` (e.g. "ｆｕｌｌ" becomes "full", "ﬁ" "fi", "①" "1").
    static func bytes(_ password: String) -> [UInt8] {
        Array(password.precomposedStringWithCompatibilityMapping.utf8)
    }
}

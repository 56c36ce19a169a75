import CUnistring
import Glibc

/// How Better Auth prepares a password for hashing: `password.normalize("NFKC")`, as UTF-8 bytes.
enum PasswordNormalization {
    /// The UTF-8 bytes of the NFKC form of `password` (e.g. "ｆｕｌｌ" becomes "full", "ﬁ" "fi", "①" "1").
    static func bytes(_ password: String) -> [UInt8] {
        UnicodeNFKC.normalize(Array(password.utf8))
    }
}

/// NFKC through GNU libunistring's `u8_normalize`, and what its Unicode database assigns.
public enum UnicodeNFKC {
    /// The NFKC form of the valid UTF-8 `bytes` (a Swift String's bytes are always valid).
    public static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.isEmpty { return [] }
        var length = 0
        let result = bytes.withUnsafeBufferPointer { todo_u8_nfkc($0.baseAddress, $0.count, &length) }
        // Valid UTF-8 only fails for want of memory, as any allocation would.
        guard let result else { fatalError("u8_normalize failed (errno \(errno))") }
        defer { free(result) }
        return Array(UnsafeBufferPointer(start: result, count: length))
    }

    /// Whether libunistring's Unicode database assigns `scalar` (its general category is not Cn).
    public static func isAssigned(_ scalar: UInt32) -> Bool {
        todo_uc_is_assigned(scalar) != 0
    }

    /// libunistring's version, e.g. "1.0".
    public static var libraryVersion: String {
        let version = todo_libunistring_version()
        return "\(version >> 16).\(version >> 8 & 0xff)"
    }
}

import Storage

/// Better Auth's stored password: `salthex:keyhex`, where the salt is 16 random bytes written as 32 lower-case hex
/// characters whose ASCII text (not the bytes) is the scrypt salt, and the key is 64 bytes in 128 hex characters.
struct StoredPasswordHash {
    /// The salt's text; its UTF-8 bytes are the scrypt salt.
    let salt: String
    /// The derived key.
    let key: [UInt8]

    /// Salt hex characters.
    static let saltLength = 32

    /// A fresh random salt.
    static func randomSalt() -> String {
        Hex.encode(SecureRandom.bytes(saltLength / 2))
    }

    /// Parses `salthex:keyhex`; nil unless the salt is 32 hex characters and the key 128.
    init?(parsing stored: String) {
        let parts = stored.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == Self.saltLength, Hex.decode(parts[0]) != nil,
            parts[1].utf8.count == Scrypt.keyLength * 2, let key = Hex.decode(parts[1])
        else {
            return nil
        }
        salt = String(parts[0])
        self.key = key
    }

    init(salt: String, key: [UInt8]) {
        self.salt = salt
        self.key = key
    }

    /// `salthex:keyhex` with a lower-case key, as Better Auth writes it.
    var text: String {
        salt + ":" + Hex.encode(key)
    }
}

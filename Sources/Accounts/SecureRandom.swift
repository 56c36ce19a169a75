import COpenSSL

/// Bytes from OpenSSL's CSPRNG (`RAND_bytes`).
enum SecureRandom {
    /// `count` random bytes. A CSPRNG that cannot answer is not recoverable: the process stops rather than issue
    /// guessable salts, ids or tokens.
    static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        precondition(ok == 1, "RAND_bytes failed")
        return bytes
    }

    /// `count` characters drawn uniformly from A-Z, a-z and 0-9, without modulo bias: bytes of 248 and above
    /// (past the last whole multiple of 62) are thrown away and drawn again.
    static func alphanumeric(count: Int) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(count)
        while characters.count < count {
            for byte in bytes(count) where byte < 248 && characters.count < count {
                characters.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
}

import COpenSSL

/// scrypt with Better Auth's parameters, through OpenSSL's `EVP_PBE_scrypt`.
enum Scrypt {
    /// CPU/memory cost.
    static let n: UInt64 = 16_384
    /// Block size.
    static let r: UInt64 = 16
    /// Parallelism.
    static let p: UInt64 = 1
    /// Derived key length in bytes.
    static let keyLength = 64
    /// The working memory one derivation needs: 128 * r * N bytes = 32 MiB.
    static let memoryPerHash = 128 * Int(r) * Int(n)
    /// OpenSSL refuses a derivation needing more than `maxmem` (default 32 MiB, just too little here).
    private static let maximumMemory: UInt64 = 64 * 1024 * 1024

    /// The 64-byte key for `password` and `salt` (both as bytes; OpenSSL reads an empty one's nil address as
    /// empty); nil only if libcrypto fails.
    static func derive(password: [UInt8], salt: [UInt8]) -> [UInt8]? {
        var key = [UInt8](repeating: 0, count: keyLength)
        let ok = password.withUnsafeBufferPointer { password in
            salt.withUnsafeBufferPointer { salt in
                key.withUnsafeMutableBufferPointer { key in
                    password.withMemoryRebound(to: CChar.self) { password in
                        EVP_PBE_scrypt(
                            password.baseAddress, password.count, salt.baseAddress, salt.count,
                            n, r, p, maximumMemory, key.baseAddress, key.count)
                    }
                }
            }
        }
        return ok == 1 ? key : nil
    }
}

import COpenSSL

/// A SHA-2 function's running state, held by value: copying it forks the hash (what HMAC's precomputed pads need).
protocol SHA2State: Sendable {
    /// The bytes the function compresses at a time.
    static var blockSize: Int { get }
    static var digestLength: Int { get }
    /// The state before any input.
    init()
    mutating func absorb(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Writes the `digestLength` bytes of the digest; the state is spent.
    mutating func finish(into digest: UnsafeMutablePointer<UInt8>)
}

struct SHA256State: SHA2State {
    static var blockSize: Int { 64 }
    static var digestLength: Int { 32 }
    private var context = SHA256_CTX()

    init() { _ = todo_sha256_init(&context) }
    mutating func absorb(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = todo_sha256_update(&context, bytes.baseAddress, bytes.count)
    }
    mutating func finish(into digest: UnsafeMutablePointer<UInt8>) { _ = todo_sha256_final(digest, &context) }
}

struct SHA384State: SHA2State {
    static var blockSize: Int { 128 }
    static var digestLength: Int { 48 }
    private var context = SHA512_CTX()

    init() { _ = todo_sha384_init(&context) }
    mutating func absorb(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = todo_sha384_update(&context, bytes.baseAddress, bytes.count)
    }
    mutating func finish(into digest: UnsafeMutablePointer<UInt8>) { _ = todo_sha384_final(digest, &context) }
}

struct SHA512State: SHA2State {
    static var blockSize: Int { 128 }
    static var digestLength: Int { 64 }
    private var context = SHA512_CTX()

    init() { _ = todo_sha512_init(&context) }
    mutating func absorb(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = todo_sha512_update(&context, bytes.baseAddress, bytes.count)
    }
    mutating func finish(into digest: UnsafeMutablePointer<UInt8>) { _ = todo_sha512_final(digest, &context) }
}

import COpenSSL

/// A shared secret ready for HS256, HS384 and HS512 (HMAC, RFC 2104). The hash states after the key's inner and
/// outer pad are computed once per algorithm; a MAC copies them (a memcpy), hashes the input and one more block, and
/// allocates nothing, so concurrent use needs no lock (the states are never modified after `init`).
final class HMACKey: Sendable {
    private let hs256: HMACMidstates<SHA256State>
    private let hs384: HMACMidstates<SHA384State>
    private let hs512: HMACMidstates<SHA512State>

    /// Computes the pad states for each HMAC algorithm. The secret must not be empty.
    init(secret: [UInt8]) {
        precondition(!secret.isEmpty, "an HMAC secret must not be empty")
        hs256 = HMACMidstates(key: secret)
        hs384 = HMACMidstates(key: secret)
        hs512 = HMACMidstates(key: secret)
    }

    /// Writes the MAC of `input` under `algorithm` to `output` (room for 64 bytes); its length, or nil when the
    /// algorithm is not HMAC.
    private func authenticate(
        _ input: UnsafeBufferPointer<UInt8>, algorithm: JWSAlgorithm, into output: UnsafeMutablePointer<UInt8>
    ) -> Int? {
        switch algorithm {
        case .hs256: hs256.authenticate(input, into: output)
        case .hs384: hs384.authenticate(input, into: output)
        case .hs512: hs512.authenticate(input, into: output)
        default: return nil
        }
        return algorithm.digestLength
    }

    /// The MAC of `input` under `algorithm`; nil when the algorithm is not HMAC.
    func authenticate(_ input: UnsafeBufferPointer<UInt8>, algorithm: JWSAlgorithm) -> [UInt8]? {
        var length: Int?
        let output = [UInt8](unsafeUninitializedCapacity: HMACMidstates<SHA512State>.digestLength) { buffer, count in
            length = authenticate(input, algorithm: algorithm, into: buffer.baseAddress!)
            count = length ?? 0
        }
        return length == nil ? nil : output
    }

    /// True when `signature` is exactly the MAC of `input`, compared in constant time.
    func verify(_ signature: [UInt8], over input: UnsafeBufferPointer<UInt8>, algorithm: JWSAlgorithm) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: HMACMidstates<SHA512State>.digestLength) { buffer in
            guard let length = authenticate(input, algorithm: algorithm, into: buffer.baseAddress!),
                length == signature.count
            else { return false }
            return signature.withUnsafeBytes { CRYPTO_memcmp(buffer.baseAddress, $0.baseAddress, length) == 0 }
        }
    }
}

/// HMAC with one SHA-2 function: the states after absorbing `key ⊕ ipad` and `key ⊕ opad`.
struct HMACMidstates<State: SHA2State>: Sendable {
    static var digestLength: Int { State.digestLength }

    private let inner: State
    private let outer: State

    /// A key longer than the block is hashed first, a shorter one padded with zeros (RFC 2104 §2).
    init(key: [UInt8]) {
        var inner = State()
        var outer = State()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: State.blockSize) { block in
            block.initialize(repeating: 0)
            if key.count > State.blockSize {
                var hashed = State()
                key.withUnsafeBufferPointer { hashed.absorb($0) }
                hashed.finish(into: block.baseAddress!)
            } else {
                _ = block.initialize(fromContentsOf: key)
            }
            for index in block.indices { block[index] ^= 0x36 }
            inner.absorb(UnsafeBufferPointer(block))
            for index in block.indices { block[index] ^= 0x36 ^ 0x5C }
            outer.absorb(UnsafeBufferPointer(block))
            OPENSSL_cleanse(block.baseAddress, block.count)
        }
        self.inner = inner
        self.outer = outer
    }

    /// Writes the `digestLength` bytes of the MAC of `input` to `output`.
    func authenticate(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) {
        var state = inner
        state.absorb(input)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: State.digestLength) { digest in
            state.finish(into: digest.baseAddress!)
            var outerState = outer
            outerState.absorb(UnsafeBufferPointer(digest))
            outerState.finish(into: output)
        }
    }
}

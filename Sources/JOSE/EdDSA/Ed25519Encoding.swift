/// The checks of RFC 8032 §5.1.7 that OpenSSL 3 leaves out, made as libsodium makes them: a point encoding must be
/// canonical (y < p) and not one of the points of small order (libsodium's `ge25519_has_small_order` blocklist), and
/// the scalar S of a signature must be below the group order L. Every value checked is public, so the comparisons
/// need not run in constant time.
enum Ed25519Encoding {
    /// p = 2^255 - 19, little-endian.
    static let p: [UInt8] = [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f]

    /// L = 2^252 + 27742317777372353535851937790883648493, the order of the base point, little-endian.
    static let l: [UInt8] =
        [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14]
        + [UInt8](repeating: 0, count: 15) + [0x10]

    /// The y-coordinates (little-endian, sign bit of x clear) of the eight points whose order divides 8: y = 0 (the
    /// two points of order 4), y = 1 (the identity), y = p - 1 (the point of order 2), and two values each shared by
    /// two points of order 8. The encodings with the sign bit set, and y = p and y = p + 1 (non-canonical spellings
    /// of 0 and 1), complete libsodium's blocklist; those are refused as non-canonical or matched here with the sign
    /// bit cleared.
    static let smallOrderY: [[UInt8]] = [
        [UInt8](repeating: 0, count: 32),
        [0x01] + [UInt8](repeating: 0, count: 31),
        [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f],
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
            0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
        ],
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
            0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
        ],
    ]

    /// Why a 32-byte point encoding (a public key, or R of a signature) is refused; nil when it is acceptable.
    static func pointProblem(_ encoding: ArraySlice<UInt8>) -> String? {
        guard encoding.count == 32 else { return "not 32 bytes" }
        var y = Array(encoding)
        y[31] &= 0x7f
        guard isBelow(y[...], p) else { return "not a canonical point encoding (y is not below 2^255 - 19)" }
        if smallOrderY.contains(y) { return "a point of small order" }
        return nil
    }

    /// True when the 32 bytes, read as a little-endian integer, are below L (RFC 8032 §5.1.7: S in 0 ..< L).
    static func isCanonicalScalar(_ scalar: ArraySlice<UInt8>) -> Bool {
        scalar.count == 32 && isBelow(scalar, l)
    }

    /// `value < bound` for little-endian integers of the same length.
    private static func isBelow(_ value: ArraySlice<UInt8>, _ bound: [UInt8]) -> Bool {
        for (digit, limit) in zip(value.reversed(), bound.reversed()) where digit != limit {
            return digit < limit
        }
        return false
    }
}

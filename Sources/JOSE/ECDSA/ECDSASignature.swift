/// A JOSE ECDSA signature: r and s as fixed-length big-endian integers, concatenated (RFC 7518 §3.4). OpenSSL wants
/// DER, so the conversion happens here, after the range checks: a DER-encoded signature is never accepted.
struct ECDSASignature {
    /// DER `SEQUENCE { INTEGER r, INTEGER s }`.
    let der: [UInt8]

    /// Nil unless `raw` is exactly 2 × the curve's coordinate length with 0 < r < n and 0 < s < n. High s values
    /// are accepted, as RFC 7518 and OpenSSL accept them.
    init?(raw: [UInt8], curve: ECCurve) {
        let length = curve.coordinateLength
        guard raw.count == 2 * length else { return nil }
        let r = raw[0..<length]
        let s = raw[length...]
        guard Self.isInRange(r, order: curve.order), Self.isInRange(s, order: curve.order) else { return nil }
        let body = Self.integer(r) + Self.integer(s)
        der = [0x30] + Self.length(body.count) + body
    }

    /// True for 0 < value < order (both big-endian and of equal length).
    private static func isInRange(_ value: ArraySlice<UInt8>, order: [UInt8]) -> Bool {
        guard value.contains(where: { $0 != 0 }) else { return false }
        for (byte, limit) in zip(value, order) where byte != limit {
            return byte < limit
        }
        return false
    }

    /// DER INTEGER of an unsigned big-endian value: minimal, with a 0x00 prefix when the top bit is set.
    private static func integer(_ value: ArraySlice<UInt8>) -> [UInt8] {
        var content = Array(value.drop { $0 == 0 })
        if let first = content.first, first & 0x80 != 0 { content.insert(0, at: 0) }
        return [0x02] + length(content.count) + content
    }

    /// DER definite length (short form below 128, else one length byte: every JOSE signature fits).
    private static func length(_ count: Int) -> [UInt8] {
        precondition(count < 256)
        return count < 0x80 ? [UInt8(count)] : [0x81, UInt8(count)]
    }
}

/// The three NIST curves JOSE uses for ECDSA (RFC 7518 §3.4), with what verification needs to know of each.
struct ECCurve: Sendable {
    /// The JWK `crv` name.
    let name: String
    /// OpenSSL's group name.
    let groupName: String
    /// The one algorithm a key on this curve verifies.
    let algorithm: JWSAlgorithm
    /// Bytes of one coordinate, and of each of r and s in a JOSE signature.
    let coordinateLength: Int
    /// The group order n, big-endian, `coordinateLength` bytes.
    let order: [UInt8]

    static let p256 = ECCurve(
        name: "P-256", groupName: "prime256v1", algorithm: .es256, coordinateLength: 32,
        order: hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"))
    static let p384 = ECCurve(
        name: "P-384", groupName: "secp384r1", algorithm: .es384, coordinateLength: 48,
        order: hex(
            "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"))
    static let p521 = ECCurve(
        name: "P-521", groupName: "secp521r1", algorithm: .es512, coordinateLength: 66,
        order: hex(
            "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"))

    static let all = [p256, p384, p521]

    /// The curve with JWK name `name`.
    static func named(_ name: String) -> ECCurve? {
        all.first { $0.name == name }
    }

    /// The curve whose keys verify `algorithm`.
    static func forAlgorithm(_ algorithm: JWSAlgorithm) -> ECCurve? {
        all.first { $0.algorithm == algorithm }
    }

    private static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8).map { UInt8(ascii: "0") <= $0 && $0 <= UInt8(ascii: "9") ? $0 - 48 : $0 - 87 }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}

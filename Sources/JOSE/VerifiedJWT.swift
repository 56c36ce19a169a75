import JSON

/// A token whose signature and claims were accepted.
public struct VerifiedJWT: Sendable {
    /// The `sub` claim: the user this token speaks for.
    public let subject: String
    /// The protected header.
    public let header: [String: JSONValue]
    /// Every claim of the payload.
    public let claims: [String: JSONValue]
    /// The `exp` claim, in Unix seconds.
    public let expiresAt: Double
}

/// A compact JWS whose signature was accepted; nothing about its payload was checked.
public struct VerifiedJWS: Sendable {
    /// The protected header.
    public let header: [String: JSONValue]
    /// The decoded payload bytes.
    public let payload: [UInt8]
    /// The algorithm that verified the signature.
    public let algorithm: JWSAlgorithm
}

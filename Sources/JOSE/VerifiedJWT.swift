import JSON

/// A token whose signature and claims were accepted: what a request's authorization needs of it. The verified-token
/// cache holds one per token, so it keeps these few fields rather than the claims' dictionary; `verifySignature`
/// gives the header and the payload of any JWS.
public struct VerifiedJWT: Sendable {
    /// The `sub` claim: the user this token speaks for.
    public let subject: String
    /// The `sid` claim when it is a string: the session the token was issued for.
    public let sessionID: String?
    /// The `iat` claim when it is a number, in Unix seconds.
    public let issuedAt: Double?
    /// The `exp` claim, in Unix seconds.
    public let expiresAt: Double
    /// The algorithm that verified the signature.
    public let algorithm: JWSAlgorithm
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

import JSON

/// Signs compact JWS tokens with one key and one algorithm.
public struct JWTSigner: Sendable {
    enum Material: Sendable {
        case secret(HMACKey)
        case privateKey(EVPKey)
    }

    /// The algorithm written to every header.
    public let algorithm: JWSAlgorithm
    /// The `kid` written when `sign` is not given one (nil: none).
    public let kid: String?
    let material: Material
    /// The public JWK to publish for this signer (in a JWK Set); nil for HMAC.
    public let publicJWK: JSONValue?

    /// An HMAC signer (the secret must not be empty, the algorithm must be HS*).
    public static func hmac(secret: [UInt8], algorithm: JWSAlgorithm = .hs256) -> JWTSigner {
        precondition(algorithm.isHMAC, "an HMAC signer needs an HS* algorithm")
        return JWTSigner(algorithm: algorithm, kid: nil, material: .secret(HMACKey(secret: secret)), publicJWK: nil)
    }

    /// A JWT with header `{"alg", "kid"?, "typ":"JWT"}` and `claims` as payload.
    public func sign(claims: [String: JSONValue], kid: String? = nil) -> String {
        var header: [String: JSONValue] = ["typ": .string("JWT")]
        if let kid = kid ?? self.kid { header["kid"] = .string(kid) }
        return sign(payload: JSONValue.object(claims).serialized, header: header)
    }

    /// A compact JWS of arbitrary payload bytes; `alg` is set in `header` (keys are serialized sorted).
    public func sign(payload: [UInt8], header: [String: JSONValue]) -> String {
        var header = header
        header["alg"] = .string(algorithm.rawValue)
        let signingInput = Base64URL.encode(JSONValue.object(header).serialized) + "." + Base64URL.encode(payload)
        let bytes = Array(signingInput.utf8)
        let signature = bytes.withUnsafeBufferPointer { signatureBytes(over: $0) }
        return signingInput + "." + Base64URL.encode(signature)
    }

    private func signatureBytes(over input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        switch material {
        case .secret(let key):
            guard let mac = key.authenticate(input, algorithm: algorithm) else {
                preconditionFailure("libcrypto failed to compute an HMAC")
            }
            return mac
        case .privateKey(let key):
            return SignatureCreation.sign(input, key: key, algorithm: algorithm)
        }
    }
}

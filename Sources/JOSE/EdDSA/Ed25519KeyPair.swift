import JSON

/// Creates Ed25519 keys for signing this service's own tokens.
public enum Ed25519KeyPair {
    /// A new private JWK `{"kty":"OKP","crv":"Ed25519","x","d","kid","alg":"EdDSA","use":"sig"}`. Keep it secret;
    /// publish `JWTSigner.publicJWK` instead.
    public static func generate(kid: String) -> JSONValue {
        guard let key = Ed25519Key.generate(), let x = Ed25519Key.rawPublicKey(of: key),
            let d = Ed25519Key.rawPrivateKey(of: key)
        else { preconditionFailure("libcrypto failed to generate an Ed25519 key") }
        var jwk = Ed25519Key.publicJWK(x: x, kid: kid)
        jwk["d"] = .string(Base64URL.encode(d))
        return .object(jwk)
    }
}

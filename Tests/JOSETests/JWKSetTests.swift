import JSON
import Testing

@testable import JOSE

/// What a JWK Set may contain, and what is skipped or refused.
@Suite struct JWKSetTests {
    static let ed = #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo""#

    /// The RFC 8037 public key with more members.
    static func ed(_ extra: String) -> String {
        ed + extra + "}"
    }

    @Test func acceptsASetOrASingleKey() throws {
        #expect(try Fixture.keys(Self.ed("")).count == 1)
        #expect(try Fixture.keys(#"{"keys":[\#(Self.ed(#","kid":"a""#)),\#(Self.ed(#","kid":"b""#))]}"#).count == 2)
        #expect(try Fixture.keys(#"{"keys":[]}"#).isEmpty)
        let key = try #require(try Fixture.keys(Self.ed(#","kid":"a""#)).first)
        #expect(key.kid == "a")
        #expect(key.algorithm == .edDSA)
    }

    @Test func skipsEncryptionKeys() throws {
        #expect(try Fixture.keys(Self.ed(#","use":"enc""#)).isEmpty)
        #expect(try Fixture.keys(Self.ed(#","use":"sig""#)).count == 1)
        #expect(try Fixture.keys(#"{"kty":"RSA","use":"enc","n":"\#(RFC7520.rsaModulus)","e":"AQAB"}"#).isEmpty)
        // RFC 7520 §3.6: a symmetric encryption key is skipped, not refused as symmetric.
        let octEnc =
            #"{"kty":"oct","kid":"1e571774-2e08-40da-8308-e8d68773842d","use":"enc","alg":"A256GCM","#
            + #""k":"AAPapAv4LbFbiVawEjagUBluYqN5rhna-8nuldDvOx8"}"#
        #expect(try Fixture.keys(octEnc).isEmpty)
        #expect(try Fixture.keys(octEnc, allowSymmetric: true).isEmpty)
    }

    @Test func keyOpsMustIncludeVerify() throws {
        #expect(try Fixture.keys(Self.ed(#","key_ops":["sign"]"#)).isEmpty)
        #expect(try Fixture.keys(Self.ed(#","key_ops":["encrypt","decrypt"]"#)).isEmpty)
        #expect(try Fixture.keys(Self.ed(#","key_ops":["verify"]"#)).count == 1)
        #expect(try Fixture.keys(Self.ed(#","key_ops":["sign","verify"]"#)).count == 1)
        #expect(
            Fixture.jwkFailure(Self.ed(#","key_ops":"verify""#)) == .malformed("key_ops is not an array of strings"))
        #expect(
            Fixture.jwkFailure(Self.ed(#","key_ops":["verify",1]"#)) == .malformed("key_ops is not an array of strings")
        )
    }

    @Test func skipsUnknownKeyTypesAndCurves() throws {
        let set = """
            {"keys":[
            {"kty":"foo","kid":"x"},
            {"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"},
            {"kty":"OKP","crv":"Ed448","x":"AAAA"},
            {"kty":"EC","crv":"secp256k1","x":"AAAA","y":"AAAA"},
            {"kty":"RSA","alg":"RSA-OAEP","n":"AAAA","e":"AQAB"},
            \(Self.ed(#","kid":"kept""#))
            ]}
            """
        let keys = try Fixture.keys(set)
        #expect(keys.map(\.kid) == ["kept"])
    }

    @Test func refusesSymmetricKeysUnlessAllowed() throws {
        let oct = #"{"kty":"oct","kid":"s","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#
        #expect(Fixture.jwkFailure(oct) == .symmetricNotAllowed)
        #expect(Fixture.jwkFailure(#"{"keys":[\#(Self.ed("")),\#(oct)]}"#) == .symmetricNotAllowed)
        let keys = try Fixture.keys(oct, allowSymmetric: true)
        #expect(keys.first?.algorithm == .hs256)
        // Shorter than the hash: refused even when symmetric keys are allowed.
        let short = #"{"kty":"oct","alg":"HS512","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#
        #expect(Fixture.jwkFailure(short, allowSymmetric: true) == .weakKey)
    }

    @Test func algorithmMustFitTheKeyType() throws {
        #expect(Fixture.jwkFailure(Self.ed(#","alg":"ES256""#)) == .inconsistentAlgorithm)
        #expect(Fixture.jwkFailure(Self.ed(#","alg":"HS256""#)) == .inconsistentAlgorithm)
        #expect(Fixture.jwkFailure(RFC7520.rsaPublicJWK(extra: #""alg":"EdDSA","#)) == .inconsistentAlgorithm)
        #expect(Fixture.jwkFailure(RFC7520.rsaPublicJWK(extra: #""alg":"HS256","#)) == .inconsistentAlgorithm)
        #expect(try Fixture.keys(Self.ed(#","alg":"Ed25519""#)).first?.algorithm == .edDSA)
        #expect(try Fixture.keys(RFC7520.rsaPublicJWK(extra: #""alg":"RS512","#)).first?.algorithm == .rs512)
    }

    @Test func ignoresPrivateMembers() throws {
        let withD = Self.ed(#","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A""#)
        #expect(try Fixture.keys(withD).count == 1)
        // A private member that is not even valid base64url is not read either.
        #expect(try Fixture.keys(Self.ed(#","d":"***""#)).count == 1)
    }

    @Test func refusesMalformedDocuments() {
        #expect(Fixture.jwkFailure("not json") == .malformed("not JSON"))
        #expect(Fixture.jwkFailure("[]") == .malformed("not a JSON object"))
        #expect(Fixture.jwkFailure(#"{"keys":{}}"#) == .malformed("keys is not an array"))
        #expect(Fixture.jwkFailure(#"{"keys":[1]}"#) == .malformed("a key is not a JSON object"))
        #expect(Fixture.jwkFailure(#"{"crv":"Ed25519"}"#) == .malformed("missing kty"))
        #expect(Fixture.jwkFailure(Self.ed(#","kid":5"#)) == .malformed("kid is not a string"))
        #expect(
            Fixture.jwkFailure(#"{"kty":"OKP","crv":"Ed25519","x":"11qY+YKx"}"#) == .malformed("x is not base64url"))
        #expect(Fixture.jwkFailure(#"{"kty":"OKP","crv":"Ed25519"}"#) == .malformed("missing x"))
        #expect(Fixture.jwkFailure(#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#) == .invalidKey("x must be 32 bytes"))
        // Duplicate members are refused by the JSON parser.
        #expect(Fixture.jwkFailure(Self.ed(#","x":"AAAA""#)) == .malformed("not JSON"))
    }

    @Test func limitsTheNumberOfKeys() throws {
        let many = (0...JWKSet.maximumKeys).map { Self.ed(#","kid":"k\#($0)""#) }
        #expect(Fixture.jwkFailure(#"{"keys":[\#(many.joined(separator: ","))]}"#) == .tooManyKeys)
        let enough = many.dropLast().joined(separator: ",")
        #expect(try Fixture.keys(#"{"keys":[\#(enough)]}"#).count == JWKSet.maximumKeys)
    }
}

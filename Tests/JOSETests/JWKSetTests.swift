import JSON
import Testing

@testable import JOSE

/// What a JWK Set may contain, and what is skipped (key by key) or refused (the whole document).
@Suite struct JWKSetTests {
    static let ed = #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo""#

    /// The RFC 8037 public key with more members.
    static func ed(_ extra: String) -> String {
        ed + extra + "}"
    }

    @Test func acceptsASetOrASingleKey() throws {
        #expect(try Fixture.keys(Self.ed("")).count == 1)
        #expect(try Fixture.keys(#"{"keys":[\#(Self.ed(#","kid":"a""#)),\#(Self.ed(#","kid":"b""#))]}"#).count == 2)
        let key = try #require(try Fixture.keys(Self.ed(#","kid":"a""#)).first)
        #expect(key.kid == "a")
        #expect(key.algorithm == .edDSA)
    }

    @Test func skipsEncryptionKeys() throws {
        #expect(Fixture.skipReason(Self.ed(#","use":"enc""#)) == .unsupported("use is not sig"))
        #expect(Fixture.skipReason(Self.ed(#","use":"sig""#)) == nil)
        let rsaEnc = #"{"kty":"RSA","use":"enc","n":"\#(RFC7520.rsaModulus)","e":"AQAB"}"#
        #expect(Fixture.skipReason(rsaEnc) == .unsupported("use is not sig"))
        // RFC 7520 §3.6: a symmetric encryption key is skipped as not for signatures, not refused as symmetric.
        let octEnc =
            #"{"kty":"oct","kid":"1e571774-2e08-40da-8308-e8d68773842d","use":"enc","alg":"A256GCM","#
            + #""k":"AAPapAv4LbFbiVawEjagUBluYqN5rhna-8nuldDvOx8"}"#
        #expect(Fixture.skipReason(octEnc) == .unsupported("use is not sig"))
        #expect(Fixture.skipReason(octEnc, allowSymmetric: true) == .unsupported("use is not sig"))
    }

    @Test func keyOpsMustIncludeVerify() throws {
        let noVerify = JWKError.unsupported("key_ops does not include verify")
        #expect(Fixture.skipReason(Self.ed(#","key_ops":["sign"]"#)) == noVerify)
        #expect(Fixture.skipReason(Self.ed(#","key_ops":["encrypt","decrypt"]"#)) == noVerify)
        #expect(Fixture.skipReason(Self.ed(#","key_ops":["verify"]"#)) == nil)
        #expect(Fixture.skipReason(Self.ed(#","key_ops":["sign","verify"]"#)) == nil)
        let malformed = JWKError.malformed("key_ops is not an array of strings")
        #expect(Fixture.skipReason(Self.ed(#","key_ops":"verify""#)) == malformed)
        #expect(Fixture.skipReason(Self.ed(#","key_ops":["verify",1]"#)) == malformed)
    }

    @Test func skipsUnknownKeyTypesAndCurvesWithTheirReasons() throws {
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
        let contents = try JWKSet.parse(Array(set.utf8))
        #expect(contents.keys.map(\.kid) == ["kept"])
        #expect(contents.skipped.map(\.index) == [0, 1, 2, 3, 4])
        #expect(
            contents.skipped.map(\.reason) == [
                .unsupported("kty foo is not known"),
                .unsupported("crv X25519 is not used for signatures here"),
                .unsupported("crv Ed448 is not used for signatures here"),
                .unsupported("crv secp256k1 is not a supported curve"),
                .unsupported("alg RSA-OAEP is not a JWS signature algorithm"),
            ])
        #expect(contents.skipped[0].name == #"kid "x" (foo)"#)
        #expect(contents.skipped[4].name == "key #4 (RSA, RSA-OAEP)")
        #expect(contents.skipped[0].description == #"kid "x" (foo): unsupported key: kty foo is not known"#)
    }

    @Test func skipsSymmetricKeysUnlessAllowed() throws {
        let oct = #"{"kty":"oct","kid":"s","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#
        #expect(Fixture.skipReason(oct) == .symmetricNotAllowed)
        let alone = SkippedKey(index: 0, members: Self.members(oct), reason: .symmetricNotAllowed)
        #expect(Fixture.setFailure(oct) == .noUsableKey([alone]))
        let keys = try Fixture.keys(oct, allowSymmetric: true)
        #expect(keys.first?.algorithm == .hs256)
        // Shorter than the hash: skipped even when symmetric keys are allowed.
        let short = #"{"kty":"oct","alg":"HS512","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#
        #expect(Fixture.skipReason(short, allowSymmetric: true) == .weakKey)
    }

    @Test func skipsAnAlgorithmThatDoesNotFitTheKey() throws {
        #expect(Fixture.skipReason(Self.ed(#","alg":"ES256""#)) == .inconsistentAlgorithm)
        #expect(Fixture.skipReason(Self.ed(#","alg":"HS256""#)) == .inconsistentAlgorithm)
        #expect(Fixture.skipReason(RFC7520.rsaPublicJWK(extra: #""alg":"EdDSA","#)) == .inconsistentAlgorithm)
        #expect(Fixture.skipReason(RFC7520.rsaPublicJWK(extra: #""alg":"HS256","#)) == .inconsistentAlgorithm)
        #expect(try Fixture.keys(Self.ed(#","alg":"Ed25519""#)).first?.algorithm == .edDSA)
        #expect(try Fixture.keys(RFC7520.rsaPublicJWK(extra: #""alg":"RS512","#)).first?.algorithm == .rs512)
    }

    @Test func ignoresPrivateMembers() throws {
        let withD = Self.ed(#","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A""#)
        #expect(try Fixture.keys(withD).count == 1)
        // A private member that is not even valid base64url is not read either.
        #expect(try Fixture.keys(Self.ed(#","d":"***""#)).count == 1)
    }

    @Test func skipsMalformedMembers() {
        #expect(Fixture.skipReason("1") == .malformed("a key is not a JSON object"))
        #expect(Fixture.skipReason(#"{"crv":"Ed25519"}"#) == .malformed("missing kty"))
        #expect(Fixture.skipReason(Self.ed(#","kid":5"#)) == .malformed("kid is not a string"))
        #expect(
            Fixture.skipReason(#"{"kty":"OKP","crv":"Ed25519","x":"11qY+YKx"}"#) == .malformed("x is not base64url"))
        #expect(Fixture.skipReason(#"{"kty":"OKP","crv":"Ed25519"}"#) == .malformed("missing x"))
        #expect(Fixture.skipReason(#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#) == .invalidKey("x must be 32 bytes"))
    }

    @Test func refusesMalformedDocuments() {
        #expect(Fixture.jwkFailure("not json") == .malformed("not JSON"))
        #expect(Fixture.jwkFailure("[]") == .malformed("not a JSON object"))
        #expect(Fixture.jwkFailure(#"{"keys":{}}"#) == .malformed("keys is not an array"))
        // Duplicate members are refused by the JSON parser.
        #expect(Fixture.jwkFailure(Self.ed(#","x":"AAAA""#)) == .malformed("not JSON"))
    }

    @Test func aSetWithoutAUsableKeyIsRefusedWithEveryReason() {
        #expect(Fixture.setFailure(#"{"keys":[]}"#) == .noUsableKey([]))
        #expect(JWKError.noUsableKey([]).reason == "the set holds no usable key (it is empty)")
        let set = #"{"keys":[1,\#(Self.ed(#","kid":"e","use":"enc""#)),{"kty":"RSA","kid":"r\u0001"}]}"#
        guard case .noUsableKey(let skipped) = Fixture.setFailure(set) else {
            Issue.record("not refused as a set without a usable key")
            return
        }
        #expect(skipped.map(\.index) == [0, 1, 2])
        #expect(skipped.map(\.kid) == [nil, "e", "r\u{1}"])
        #expect(
            JWKError.noUsableKey(skipped).reason
                == "the set holds no usable key: key #0: malformed JWK: a key is not a JSON object; "
                + #"kid "e" (OKP): unsupported key: use is not sig; kid "r?" (RSA): malformed JWK: missing n"#)
        // A single JWK that is not usable is a set of one without a usable key.
        let encryption = Self.ed(#","use":"enc""#)
        let skippedAlone = SkippedKey(
            index: 0, members: Self.members(encryption), reason: .unsupported("use is not sig"))
        #expect(Fixture.setFailure(encryption) == .noUsableKey([skippedAlone]))
    }

    @Test func skippedKeysNameOnlyKidKtyAndAlg() throws {
        let long = String(repeating: "k", count: 100)
        let set = #"{"keys":[{"kty":"RSA","kid":"\#(long)","alg":"RS256","n":"AQAB","e":"AQAB"},\#(Fixture.goodJWK)]}"#
        let skipped = try #require(try JWKSet.parse(Array(set.utf8)).skipped.first)
        #expect(skipped.reason == .weakKey)
        #expect(skipped.name == #"kid "\#(String(repeating: "k", count: 64))…" (RSA, RS256)"#)
        #expect(!skipped.description.contains("AQAB"))
    }

    @Test func limitsTheNumberOfKeys() throws {
        let many = (0...JWKSet.maximumKeys).map { Self.ed(#","kid":"k\#($0)""#) }
        #expect(Fixture.jwkFailure(#"{"keys":[\#(many.joined(separator: ","))]}"#) == .tooManyKeys)
        let enough = many.dropLast().joined(separator: ",")
        #expect(try Fixture.keys(#"{"keys":[\#(enough)]}"#).count == JWKSet.maximumKeys)
    }

    /// The members of a JWK given as JSON text.
    static func members(_ json: String) -> [String: JSONValue]? {
        (try? JSONParser.parse(Array(json.utf8)))?.objectValue
    }
}

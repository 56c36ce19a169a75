import JSON
import Testing

@testable import JOSE

/// The strict compact serialization: three base64url parts, a size limit, JSON object header and payload.
@Suite struct CompactFormTests {
    let valid = JWTSigner.hmac(secret: Fixture.secret).sign(claims: Fixture.claims())

    @Test func validTokenVerifies() throws {
        let verified = try Fixture.verifier().verify(valid, now: Fixture.now)
        #expect(verified.subject == "user-1")
        #expect(verified.expiresAt == Fixture.now + 900)
    }

    @Test func refusesWrongPartCounts() {
        let parts = valid.split(separator: ".").map(String.init)
        #expect(Fixture.failure(parts[0] + "." + parts[1]) == .malformed("expected three parts"))
        #expect(Fixture.failure(valid + "." + parts[2]) == .malformed("expected three parts"))
        #expect(Fixture.failure(parts[0]) == .malformed("expected three parts"))
        #expect(Fixture.failure("") == .malformed("expected three parts"))
        #expect(Fixture.failure(valid + ".") == .malformed("expected three parts"))
    }

    @Test func refusesEmptyParts() {
        let parts = valid.split(separator: ".").map(String.init)
        #expect(Fixture.failure(parts[0] + "." + parts[1] + ".") == .malformed("empty signature"))
        #expect(Fixture.failure("." + parts[1] + "." + parts[2]) == .malformed("empty header"))
    }

    @Test func refusesCharactersOutsideTheAlphabet() {
        let parts = valid.split(separator: ".").map(String.init)
        let outside = JWTError.malformed("character outside the base64url alphabet")
        #expect(Fixture.failure(valid + "=") == outside)
        #expect(Fixture.failure(parts[0] + "=." + parts[1] + "." + parts[2]) == outside)
        #expect(Fixture.failure(" " + valid) == outside)
        #expect(Fixture.failure(valid + "\n") == outside)
        #expect(Fixture.failure(parts[0] + ".\(parts[1]) ." + parts[2]) == outside)
        #expect(Fixture.failure("+" + valid) == outside)
        #expect(Fixture.failure(parts[0] + "." + "/" + parts[1] + "." + parts[2]) == outside)
        #expect(Fixture.failure(parts[0] + "." + parts[1] + "." + parts[2] + "+") == outside)
        #expect(Fixture.failure(parts[0] + "." + parts[1] + "." + parts[2] + "é") == outside)
    }

    @Test func refusesPaddedSignature() {
        // An HS256 signature is 32 bytes: 43 characters, and a padded form adds "=".
        let parts = valid.split(separator: ".").map(String.init)
        #expect(parts[2].count == 43)
        #expect(Fixture.failure(valid + "=") == .malformed("character outside the base64url alphabet"))
    }

    @Test func refusesNonCanonicalSignature() {
        // The last of 43 characters carries 4 bits of data and 2 zero bits: setting those bits changes no byte.
        let parts = valid.split(separator: ".").map(String.init)
        let last = parts[2].last!
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = alphabet.firstIndex(of: last)!
        let sibling = alphabet[index ^ 1]
        #expect(sibling != last)
        let token = parts[0] + "." + parts[1] + "." + parts[2].dropLast() + String(sibling)
        #expect(Fixture.failure(token) == .malformed("signature is not base64url"))
    }

    @Test func refusesHeaderWithImpossibleLength() {
        let parts = valid.split(separator: ".").map(String.init)
        let header = Fixture.encode(#"{"alg":"HS256"}"#) + "A"
        #expect(Fixture.failure(header + "." + parts[1] + "." + parts[2]) == .malformed("header is not base64url"))
    }

    @Test func refusesOversizedTokens() throws {
        let signer = JWTSigner.hmac(secret: Fixture.secret)
        var fitting: String?
        var oversized: String?
        for padding in 5_900..<6_200 {
            let token = signer.sign(claims: Fixture.claims(["pad": .string(String(repeating: "x", count: padding))]))
            if token.utf8.count == JWTVerifier.maximumTokenLength { fitting = token }
            if token.utf8.count == JWTVerifier.maximumTokenLength + 1 { oversized = token }
        }
        let fits = try #require(fitting)
        let tooLong = try #require(oversized)
        #expect(Fixture.failure(fits) == nil)
        #expect(Fixture.failure(tooLong) == .tooLarge)
        #expect(Fixture.failure(String(repeating: "a", count: 100_000)) == .tooLarge)
    }

    @Test(arguments: [
        (#"["HS256"]"#, "header is not a JSON object"), (#""HS256""#, "header is not a JSON object"),
        (#"{"alg":"HS256""#, "header is not JSON"),
    ])
    func refusesHeaderThatIsNotAnObject(header: String, reason: String) {
        let token = Fixture.hmacToken(header: header, payload: #"{"sub":"user-1","exp":1700000900}"#)
        #expect(Fixture.failure(token) == .malformed(reason))
    }

    @Test func refusesDuplicateHeaderKeys() {
        let payload = #"{"sub":"user-1","exp":1700000900}"#
        let token = Fixture.hmacToken(header: #"{"alg":"HS256","alg":"none"}"#, payload: payload)
        #expect(Fixture.failure(token) == .malformed("header is not JSON"))
    }

    @Test(arguments: [
        (#"["user-1"]"#, "payload is not a JSON object"), ("not json", "payload is not JSON"),
        (#"{"sub":"a","sub":"b","exp":1700000900}"#, "payload is not JSON"),
    ])
    func refusesPayloadThatIsNotAnObject(payload: String, reason: String) {
        let token = Fixture.hmacToken(header: #"{"alg":"HS256"}"#, payload: payload)
        #expect(Fixture.failure(token) == .malformed(reason))
    }

    @Test func checksSignatureBeforeParsingPayload() {
        // The same unparseable payload: well signed it is malformed, badly signed it never gets parsed.
        let header = #"{"alg":"HS256"}"#
        let signed = Fixture.hmacToken(header: header, payload: "{{{")
        #expect(Fixture.failure(signed) == .malformed("payload is not JSON"))
        let forged = Fixture.hmacToken(header: header, payload: "{{{", secret: Array("another secret".utf8))
        #expect(Fixture.failure(forged) == .badSignature)
    }
}

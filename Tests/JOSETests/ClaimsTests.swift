import JSON
import Testing

@testable import JOSE

/// Every claim rule, with the leeway boundaries (now = 1_700_000_000, leeway 30 s unless stated).
@Suite struct ClaimsTests {
    let now = Fixture.now
    let signer = JWTSigner.hmac(secret: Fixture.secret)

    func failure(_ claims: [String: JSONValue], policy: ClaimsPolicy = Fixture.policy) -> JWTError? {
        Fixture.failure(signer.sign(claims: claims), verifier: Fixture.verifier(policy: policy))
    }

    func failure(adding extra: [String: JSONValue], policy: ClaimsPolicy = Fixture.policy) -> JWTError? {
        failure(Fixture.claims(extra), policy: policy)
    }

    @Test func expiryIsRequiredAndNumeric() {
        var claims = Fixture.claims()
        claims["exp"] = nil
        #expect(failure(claims) == .missingExpiry)
        #expect(failure(adding: ["exp": .string("1700000900")]) == .invalidClaim("exp"))
        #expect(failure(adding: ["exp": .null]) == .invalidClaim("exp"))
        #expect(failure(adding: ["exp": .bool(true)]) == .invalidClaim("exp"))
    }

    @Test func expiryLeewayBoundary() {
        #expect(failure(adding: ["exp": .number(now - 30)]) == nil)
        #expect(failure(adding: ["exp": .number(now - 30.5)]) == .expired)
        #expect(failure(adding: ["exp": .number(now - 31)]) == .expired)
        let strict = ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 0)
        #expect(failure(adding: ["exp": .number(now)], policy: strict) == nil)
        #expect(failure(adding: ["exp": .number(now - 1)], policy: strict) == .expired)
        let negative = ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: -100)
        #expect(failure(adding: ["exp": .number(now + 50)], policy: negative) == nil)
        #expect(failure(adding: ["exp": .number(now - 1)], policy: negative) == .expired)
    }

    @Test func expiresAtIsReported() throws {
        let token = signer.sign(claims: Fixture.claims(["exp": .number(now + 12.5)]))
        #expect(try Fixture.verifier().verify(token, now: now).expiresAt == now + 12.5)
    }

    @Test func notBeforeLeewayBoundary() {
        #expect(failure(adding: ["nbf": .number(now + 30)]) == nil)
        #expect(failure(adding: ["nbf": .number(now + 31)]) == .notYetValid)
        #expect(failure(adding: ["nbf": .number(now - 1000)]) == nil)
        #expect(failure(adding: ["nbf": .string("soon")]) == .invalidClaim("nbf"))
    }

    @Test func issuedAtLeewayBoundary() {
        #expect(failure(adding: ["iat": .number(now + 30)]) == nil)
        #expect(failure(adding: ["iat": .number(now + 30.5)]) == .issuedInFuture)
        #expect(failure(adding: ["iat": .number(now - 1000)]) == nil)
        #expect(failure(adding: ["iat": .array([])]) == .invalidClaim("iat"))
    }

    @Test func issuerMustMatchWhenConfigured() {
        let policy = ClaimsPolicy(issuer: "https://app.example", audience: nil, leewaySeconds: 30)
        #expect(failure(adding: ["iss": .string("https://app.example")], policy: policy) == nil)
        #expect(failure(adding: ["iss": .string("https://evil.example")], policy: policy) == .invalidIssuer)
        #expect(failure(adding: ["iss": .string("https://app.example/")], policy: policy) == .invalidIssuer)
        #expect(failure(adding: ["iss": .array([.string("https://app.example")])], policy: policy) == .invalidIssuer)
        #expect(failure(adding: [:], policy: policy) == .invalidIssuer)
        #expect(failure(adding: ["iss": .string("anyone")]) == nil)
    }

    @Test func audienceMustContainConfiguredAudience() {
        let policy = ClaimsPolicy(issuer: nil, audience: "https://app.example", leewaySeconds: 30)
        #expect(failure(adding: ["aud": .string("https://app.example")], policy: policy) == nil)
        let list: JSONValue = .array([.string("https://other.example"), .string("https://app.example")])
        #expect(failure(adding: ["aud": list], policy: policy) == nil)
        #expect(failure(adding: ["aud": .string("https://other.example")], policy: policy) == .invalidAudience)
        #expect(
            failure(adding: ["aud": .array([.string("https://other.example")])], policy: policy) == .invalidAudience)
        #expect(failure(adding: ["aud": .array([])], policy: policy) == .invalidAudience)
        let mixed: JSONValue = .array([.string("https://app.example"), .number(1)])
        #expect(failure(adding: ["aud": mixed], policy: policy) == .invalidAudience)
        #expect(failure(adding: ["aud": .number(1)], policy: policy) == .invalidAudience)
        #expect(failure(adding: [:], policy: policy) == .invalidAudience)
        #expect(failure(adding: ["aud": .string("https://other.example")]) == nil)
    }

    @Test func subjectMustBeAReasonableString() throws {
        var claims = Fixture.claims()
        claims["sub"] = nil
        #expect(failure(claims) == .invalidSubject)
        #expect(failure(adding: ["sub": .string("")]) == .invalidSubject)
        #expect(failure(adding: ["sub": .number(42)]) == .invalidSubject)
        #expect(failure(adding: ["sub": .string(String(repeating: "a", count: 255))]) == nil)
        #expect(failure(adding: ["sub": .string(String(repeating: "a", count: 256))]) == .invalidSubject)
        #expect(failure(adding: ["sub": .string(String(repeating: "é", count: 128))]) == .invalidSubject)
        #expect(failure(adding: ["sub": .string("user\u{07}")]) == .invalidSubject)
        #expect(failure(adding: ["sub": .string("user\n")]) == .invalidSubject)
        #expect(failure(adding: ["sub": .string("user\u{7F}")]) == .invalidSubject)
        #expect(failure(adding: ["sub": .string("user\u{85}")]) == .invalidSubject)
        let token = signer.sign(claims: Fixture.claims(["sub": .string("Zoë 42")]))
        #expect(try Fixture.verifier().verify(token, now: now).subject == "Zoë 42")
    }

    @Test func errorReasonsQuoteNothingFromTheToken() {
        let errors: [JWTError] = [
            .unsupportedAlgorithm("<script>"), .malformed("expected three parts"), .expired, .invalidClaim("exp"),
        ]
        #expect(!errors[0].reason.contains("<script>"))
        #expect(errors[2].reason == "token has expired")
        for error in errors { #expect(!error.reason.isEmpty) }
    }
}

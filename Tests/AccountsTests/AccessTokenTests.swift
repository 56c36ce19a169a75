import JOSE
import JSON
import Testing

@testable import Accounts

@Suite struct AccessTokenTests {
    @Test func verifiesAndCarriesTheClaims() throws {
        let fixture = try ServiceFixture()
        let session = try fixture.signUpAda()
        let seconds = Double(ServiceFixture.now / 1000)

        let jwt = try fixture.verifier().verify(session.accessToken, now: seconds + 10)
        let signed = try fixture.verifier().verifySignature(session.accessToken)
        let claims = try JSONParser.parse(signed.payload)

        #expect(jwt.subject == session.user.id)
        #expect(jwt.algorithm == .hs256 && signed.header["alg"] == .string("HS256"))
        #expect(jwt.issuedAt == seconds && claims["iat"] == .number(seconds))
        #expect(claims["exp"] == .number(seconds + 900))
        #expect(claims["name"] == .string("Ada"))
        #expect(claims["email"] == .string("ada@example.com"))
        #expect(claims["iss"] == nil && claims["aud"] == nil)
        #expect(Int64(jwt.expiresAt) * 1000 == session.accessExpiresAt)
        #expect(throws: JWTError.expired) { try fixture.verifier().verify(session.accessToken, now: seconds + 901) }
    }

    @Test func carriesIssuerAndAudienceWhenConfigured() throws {
        let settings = TokenSettings(
            accessTokenTTL: 60, refreshTokenTTL: 3_600, issuer: "https://todo.example", audience: "todo-api")
        let fixture = try ServiceFixture(settings: settings)
        let session = try fixture.signUpAda()

        let jwt = try fixture.verifier().verify(session.accessToken, now: Double(ServiceFixture.now / 1000))
        let claims = try JSONParser.parse(try fixture.verifier().verifySignature(session.accessToken).payload)

        #expect(claims["iss"] == .string("https://todo.example"))
        #expect(claims["aud"] == .string("todo-api"))
        #expect(claims["exp"] == .number(Double(ServiceFixture.now / 1000 + 60)))
        #expect(jwt.expiresAt == Double(ServiceFixture.now / 1000 + 60))
    }
}

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

        #expect(jwt.subject == session.user.id)
        #expect(jwt.header["alg"] == .string("HS256"))
        #expect(jwt.claims["iat"] == .number(seconds))
        #expect(jwt.claims["exp"] == .number(seconds + 900))
        #expect(jwt.claims["name"] == .string("Ada"))
        #expect(jwt.claims["email"] == .string("ada@example.com"))
        #expect(jwt.claims["iss"] == nil && jwt.claims["aud"] == nil)
        #expect(Int64(jwt.expiresAt) * 1000 == session.accessExpiresAt)
        #expect(throws: JWTError.expired) { try fixture.verifier().verify(session.accessToken, now: seconds + 901) }
    }

    @Test func carriesIssuerAndAudienceWhenConfigured() throws {
        let settings = TokenSettings(
            accessTokenTTL: 60, refreshTokenTTL: 3_600, issuer: "https://todo.example", audience: "todo-api")
        let fixture = try ServiceFixture(settings: settings)
        let session = try fixture.signUpAda()

        let jwt = try fixture.verifier().verify(session.accessToken, now: Double(ServiceFixture.now / 1000))

        #expect(jwt.claims["iss"] == .string("https://todo.example"))
        #expect(jwt.claims["aud"] == .string("todo-api"))
        #expect(jwt.claims["exp"] == .number(Double(ServiceFixture.now / 1000 + 60)))
    }
}

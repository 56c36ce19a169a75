import JSON
import Testing

@testable import JOSE

/// Tokens signed by Python `cryptography` (Fixtures/IndependentVectors.swift), one per algorithm.
@Suite struct IndependentVectorTests {
    static let policy = ClaimsPolicy(
        issuer: IndependentVectors.origin, audience: IndependentVectors.origin, leewaySeconds: 0)

    static func verifier() throws -> JWTVerifier {
        JWTVerifier(hmacSecret: nil, keys: try Fixture.keys(IndependentVectors.jwks), policy: policy)
    }

    static let asymmetric = JWSAlgorithm.allCases.filter { !$0.isHMAC }

    @Test func everyKeyIsLoadedWithItsAlgorithm() throws {
        let keys = try Fixture.keys(IndependentVectors.jwks)
        let byKid = Dictionary(uniqueKeysWithValues: keys.map { ($0.kid!, $0.algorithm) })
        #expect(byKid["ed-1"] == .edDSA)
        #expect(byKid["p256"] == .es256)
        #expect(byKid["p384"] == .es384)  // no alg in the JWK: derived from crv
        #expect(byKid["p521"] == .es512)
        for algorithm in JWSAlgorithm.allCases
        where algorithm.rawValue.hasPrefix("RS") || algorithm.rawValue.hasPrefix("PS") {
            #expect(byKid["rsa-\(algorithm.rawValue)"] == algorithm)
        }
    }

    @Test(arguments: asymmetric)
    func verifiesTokenWithKid(algorithm: JWSAlgorithm) throws {
        let token = try #require(IndependentVectors.tokens[algorithm.rawValue])
        let verified = try Self.verifier().verify(token, now: IndependentVectors.now)
        #expect(verified.subject == "user-\(algorithm.rawValue)")
        #expect(verified.algorithm == algorithm)
        #expect(try Self.verifier().verifySignature(token).header["alg"] == .string(algorithm.rawValue))
    }

    @Test(arguments: asymmetric)
    func verifiesTokenWithoutKid(algorithm: JWSAlgorithm) throws {
        let token = try #require(IndependentVectors.tokensWithoutKid[algorithm.rawValue])
        let verified = try Self.verifier().verify(token, now: IndependentVectors.now)
        #expect(verified.subject == "user-\(algorithm.rawValue)-nokid")
    }

    @Test(arguments: asymmetric)
    func refusesTamperedPayload(algorithm: JWSAlgorithm) throws {
        let token = try #require(IndependentVectors.tokens[algorithm.rawValue])
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = Fixture.encode(#"{"sub":"admin","exp":1700000900}"#)
        #expect(Fixture.failure(parts.joined(separator: "."), verifier: try Self.verifier()) == .badSignature)
    }

    @Test(arguments: asymmetric)
    func refusesFlippedSignatureBit(algorithm: JWSAlgorithm) throws {
        let token = try #require(IndependentVectors.tokens[algorithm.rawValue])
        var signature = Fixture.signature(of: token)
        signature[signature.count / 2] ^= 0x10
        let forged = Fixture.replacingSignature(of: token, with: signature)
        #expect(Fixture.failure(forged, verifier: try Self.verifier()) == .badSignature)
    }

    @Test func betterAuthShapedToken() throws {
        let verified = try Self.verifier().verify(IndependentVectors.betterAuth, now: IndependentVectors.now)
        #expect(verified.subject == "V1StGXR8Z5jdHi6BmyT")
        let payload = try JSONParser.parse(try Self.verifier().verifySignature(IndependentVectors.betterAuth).payload)
        #expect(payload["email"] == .string("ada@example.com"))
        #expect(payload["image"] == .null)
        #expect(verified.sessionID == payload["sid"]?.stringValue)
        #expect(verified.issuedAt == payload["iat"]?.numberValue)
        #expect(verified.expiresAt == IndependentVectors.now + 840)
        #expect(
            Fixture.failure(IndependentVectors.betterAuth, verifier: try Self.verifier(), now: 1_700_000_841)
                == .expired)
    }

    @Test func concurrentVerificationSharesKeys() async throws {
        let verifier = try Self.verifier()
        let tokens = Array(IndependentVectors.tokens.values) + Array(IndependentVectors.tokensWithoutKid.values)
        let failures = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var failures = 0
                    for _ in 0..<10 {
                        for token in tokens where (try? verifier.verify(token, now: IndependentVectors.now)) == nil {
                            failures += 1
                        }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}

import JSON
import Testing

@testable import JOSE

/// The verified-token cache may save work but never change an answer: every test verifies a token once to fill
/// the cache, then checks that the second answer is what a verifier without a cache gives.
@Suite struct VerificationCacheTests {
    let now = Fixture.now
    let signer = JWTSigner.hmac(secret: Fixture.secret)

    /// The error verifying `token` at `now` with `verifier` and with a fresh verifier without a cache; they must be
    /// the same.
    func agreedFailure(_ token: String, _ verifier: JWTVerifier, at now: Double) -> JWTError? {
        let uncached = JWTVerifier(
            hmacSecret: Fixture.secret, keyRing: verifier.keyRing, policy: verifier.policy, cacheCapacity: 0)
        let cachedAnswer = Fixture.failure(token, verifier: verifier, now: now)
        #expect(cachedAnswer == Fixture.failure(token, verifier: uncached, now: now))
        return cachedAnswer
    }

    @Test func aRepeatedHMACTokenIsAHit() throws {
        let verifier = Fixture.verifier()
        let token = signer.sign(claims: Fixture.claims(["sid": .string("s-1"), "iat": .number(now - 5)]))
        let first = try verifier.verify(token, now: now)
        let again = try verifier.verify(token, now: now + 1)
        #expect(verifier.cacheMisses.value == 1)
        #expect(verifier.cacheHits.value == 1)
        #expect(again.subject == first.subject)
        #expect(again.sessionID == "s-1" && first.sessionID == "s-1")
        #expect(again.issuedAt == now - 5 && first.issuedAt == now - 5)
        #expect(again.expiresAt == first.expiresAt)
        #expect(again.algorithm == .hs256)
    }

    @Test func aCachedTokenStillExpires() {
        let verifier = Fixture.verifier()
        let token = signer.sign(claims: Fixture.claims(["exp": .number(now + 10)]))
        #expect(agreedFailure(token, verifier, at: now) == nil)
        // exp + leeway (30 s) is the last accepted instant, from the cache as without it.
        #expect(agreedFailure(token, verifier, at: now + 40) == nil)
        #expect(agreedFailure(token, verifier, at: now + 40.5) == .expired)
        #expect(verifier.cachedTokenCount == 0)
    }

    @Test func aClockSetBackIsCheckedAgainstNotBeforeAndIssuedAt() {
        let verifier = Fixture.verifier()
        let notBefore = signer.sign(claims: Fixture.claims(["nbf": .number(now)]))
        let issued = signer.sign(claims: Fixture.claims(["iat": .number(now)]))
        for (token, error) in [(notBefore, JWTError.notYetValid), (issued, .issuedInFuture)] {
            #expect(agreedFailure(token, verifier, at: now) == nil)
            #expect(agreedFailure(token, verifier, at: now - 30) == nil)
            #expect(agreedFailure(token, verifier, at: now - 31) == error)
            // Still remembered: the clock may come forward again.
            #expect(agreedFailure(token, verifier, at: now) == nil)
        }
        #expect(verifier.cachedTokenCount == 2)
    }

    @Test func aTokenDifferingInOneByteIsNotAHit() throws {
        let verifier = Fixture.verifier()
        let token = signer.sign(claims: Fixture.claims())
        _ = try verifier.verify(token, now: now)
        var bytes = Array(token.utf8)
        bytes[bytes.count - 2] = bytes[bytes.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(agreedFailure(String(decoding: bytes, as: UTF8.self), verifier, at: now) == .badSignature)
        #expect(agreedFailure(token + "A", verifier, at: now) != nil)
        #expect(verifier.cacheHits.value == 0)
    }

    /// A token carrying a cached token's signature over other claims (the same length, the same end) is not that
    /// token: it is refused, and the cached one still answers with its own subject.
    @Test func aCachedSignatureOverOtherClaimsIsNotAHit() throws {
        let verifier = Fixture.verifier()
        let token = signer.sign(claims: Fixture.claims(["sub": .string("user-a")]))
        _ = try verifier.verify(token, now: now)
        let forged = signer.sign(claims: Fixture.claims(["sub": .string("user-b")]))
        let withCachedSignature = Fixture.replacingSignature(of: forged, with: Fixture.signature(of: token))
        #expect(withCachedSignature.utf8.count == token.utf8.count)
        #expect(agreedFailure(withCachedSignature, verifier, at: now) == .badSignature)
        #expect(try verifier.verify(token, now: now).subject == "user-a")
        #expect(verifier.cacheHits.value == 1)
    }

    /// The key is the token's SHA-256, held inline: an entry's size does not grow with the token (Better Auth's carry
    /// the user's name, email and image), and tokens apart in any byte have keys apart.
    @Test func theKeyIsTheDigestNotTheToken() {
        #expect(MemoryLayout<VerificationCache.Key>.size == 32)
        let token = signer.sign(claims: Fixture.claims(["name": .string(String(repeating: "n", count: 2000))]))
        #expect(
            VerificationCache.Key(token: token)
                == VerificationCache.Key(token: String(decoding: Array(token.utf8), as: UTF8.self)))
        var bytes = Array(token.utf8)
        for index in [0, bytes.count / 2, bytes.count - 1] {
            let saved = bytes[index]
            bytes[index] = saved == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(
                VerificationCache.Key(token: String(decoding: bytes, as: UTF8.self))
                    != VerificationCache.Key(token: token))
            bytes[index] = saved
        }
    }

    @Test func aCanonicallyEquivalentTokenIsNotAHit() throws {
        // Swift's String == is canonical equivalence: U+212A KELVIN SIGN equals "K". The cache compares bytes, so
        // the variant is parsed, and refused, as a verifier without a cache refuses it.
        let verifier = Fixture.verifier()
        var serial = 0.0
        var token = ""
        repeat {
            serial += 1
            token = signer.sign(claims: Fixture.claims(["n": .number(serial)]))
        } while !token.contains("K")
        _ = try verifier.verify(token, now: now)
        let variant = token.replacingFirst("K", with: "\u{212A}")
        #expect(variant == token)  // equal as Strings, not as bytes
        #expect(Array(variant.utf8) != Array(token.utf8))
        #expect(agreedFailure(variant, verifier, at: now) == .malformed("character outside the base64url alphabet"))
        #expect(verifier.cacheHits.value == 0)
    }

    @Test func aChangeOfKeysForgetsTokensVerifiedWithTheOldOnes() throws {
        let old = try JWTSigner.ed25519(privateJWK: Ed25519KeyPair.generate(kid: "old"))
        let new = try JWTSigner.ed25519(privateJWK: Ed25519KeyPair.generate(kid: "new"))
        let ring = KeyRing(try JWKSet.parse(document: old.publicJWK!).keys)
        let verifier = JWTVerifier(hmacSecret: Fixture.secret, keyRing: ring, policy: Fixture.policy)
        let token = old.sign(claims: Fixture.claims())
        #expect(agreedFailure(token, verifier, at: now) == nil)
        #expect(agreedFailure(token, verifier, at: now) == nil)
        #expect(verifier.cacheHits.value == 1)
        ring.replace(with: try JWKSet.parse(document: new.publicJWK!).keys)
        #expect(agreedFailure(token, verifier, at: now) == .unknownKey)
        #expect(verifier.cacheHits.value == 1)
    }

    @Test func theCacheIsBounded() throws {
        let verifier = JWTVerifier(
            hmacSecret: Fixture.secret, keyRing: KeyRing(), policy: Fixture.policy, cacheCapacity: 8)
        for index in 0..<50 {
            _ = try verifier.verify(signer.sign(claims: Fixture.claims(["n": .number(Double(index))])), now: now)
            #expect(verifier.cachedTokenCount <= 8)
        }
        #expect(verifier.cachedTokenCount >= 6)
        #expect(verifier.cacheMisses.value == 50)
    }

    @Test func withoutACacheNothingIsCounted() throws {
        let verifier = JWTVerifier(
            hmacSecret: Fixture.secret, keyRing: KeyRing(), policy: Fixture.policy, cacheCapacity: 0)
        let token = signer.sign(claims: Fixture.claims())
        _ = try verifier.verify(token, now: now)
        _ = try verifier.verify(token, now: now)
        #expect(verifier.cachedTokenCount == 0)
        #expect(verifier.cacheHits.value == 0 && verifier.cacheMisses.value == 0)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}

import Storage
import Testing

@testable import Accounts

@Suite struct TokenMaterialTests {
    @Test func userIDsAre32AlphanumericCharacters() {
        let ids = (0..<200).map { _ in UserID.generate() }
        for id in ids {
            #expect(id.count == 32)
            #expect(
                id.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test func userIDsUseTheWholeAlphabet() {
        let seen = Set((0..<100).flatMap { _ in UserID.generate() })
        #expect(seen.count == 62)
    }

    @Test func refreshTokensAre43Base64URLCharacters() {
        let tokens = (0..<100).map { _ in RefreshTokens.generate() }
        for token in tokens {
            #expect(token.count == 43)
            #expect(RefreshTokens.isWellFormed(token))
        }
        #expect(Set(tokens).count == tokens.count)
        #expect(!RefreshTokens.isWellFormed(tokens[0] + "="))
        #expect(!RefreshTokens.isWellFormed(String(tokens[0].dropLast()) + "+"))
        #expect(!RefreshTokens.isWellFormed(""))
    }

    @Test func refreshTokenHashIsTheSHA256OfItsText() {
        #expect(
            Hex.encode(RefreshTokens.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hexRoundTripsAndRefusesJunk() {
        #expect(Hex.encode([0, 1, 0xAB, 0xFF]) == "0001abff")
        #expect(Hex.decode("0001ABff") == [0, 1, 0xAB, 0xFF])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}

import Testing

@testable import Accounts

@Suite struct PasswordHasherTests {
    let hasher = ServiceFixture.hasher

    @Test func verifiesHashesComputedByPython() {
        #expect(hasher.verify(PasswordVectors.nonASCIIPassword, stored: PasswordVectors.nonASCIIHash))
        #expect(hasher.verify("password1fi-Café", stored: PasswordVectors.nonASCIIHash))
        #expect(hasher.verify(PasswordVectors.asciiPassword, stored: PasswordVectors.asciiHash))
    }

    @Test func refusesAWrongPassword() {
        #expect(!hasher.verify("password1fi-Cafe", stored: PasswordVectors.nonASCIIHash))
        #expect(!hasher.verify("", stored: PasswordVectors.asciiHash))
        #expect(!hasher.verify(PasswordVectors.asciiPassword + " ", stored: PasswordVectors.asciiHash))
    }

    @Test func writesSaltHexColonKeyHex() throws {
        let stored = hasher.hash("hunter2-hunter2")
        let parts = stored.split(separator: ":")
        #expect(parts.count == 2)
        #expect(parts[0].count == 32 && parts[1].count == 128)
        #expect(stored.allSatisfy { "0123456789abcdef:".contains($0) })
        #expect(hasher.verify("hunter2-hunter2", stored: stored))
        #expect(hasher.hash("hunter2-hunter2") != stored)
    }

    @Test func treatsNFKCEquivalentPasswordsAsOne() {
        let stored = hasher.hash("ｆｕｌｌ ﬁ①")
        #expect(hasher.verify("full fi1", stored: stored))
    }

    @Test(arguments: [
        "", ":", "abc", "not-a-hash", String(PasswordVectors.asciiHash.dropLast()),
        String(PasswordVectors.asciiHash.dropFirst()), PasswordVectors.asciiHash + ":00",
        PasswordVectors.asciiHash.replacingOccurrences(of: "d5", with: "zz"),
        ":" + String(repeating: "0", count: 128), String(repeating: "0", count: 32) + ":",
    ])
    func malformedStoredValuesVerifyFalse(_ stored: String) {
        #expect(!hasher.verify(PasswordVectors.asciiPassword, stored: stored))
    }

    @Test func acceptsAnUpperCaseKey() {
        let parts = PasswordVectors.asciiHash.split(separator: ":")
        #expect(hasher.verify(PasswordVectors.asciiPassword, stored: parts[0] + ":" + parts[1].uppercased()))
    }

    @Test func dummyVerificationReturnsWithoutCrashing() {
        hasher.verifyDummy("anything")
        hasher.verifyDummy("")
    }

    @Test(.enabled(if: Python.isAvailable))
    func pythonAgreesLive() throws {
        let ours = hasher.hash(PasswordVectors.nonASCIIPassword)
        #expect(try Python.run(PasswordVectors.pythonVerify, [PasswordVectors.nonASCIIPassword, ours]) == "True")
        #expect(try Python.run(PasswordVectors.pythonVerify, ["wrong password", ours]) == "False")

        let theirs = try Python.run(PasswordVectors.pythonHash, ["Ｓｅｃｒｅｔ②"])
        #expect(hasher.verify("Secret2", stored: theirs))
        #expect(hasher.verify("Ｓｅｃｒｅｔ②", stored: theirs))
    }
}

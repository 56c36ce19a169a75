import Testing

@testable import Storage

@Suite struct RefreshTokenStoreTests {
    let fixture: UserStoreFixture
    var users: SQLiteUserStore { fixture.users }

    init() throws {
        fixture = try UserStoreFixture()
        for id in ["u1", "u2"] {
            _ = try fixture.users.insert(UserStoreFixture.user(id, email: "\(id)@example.com"))
        }
        try fixture.users.insertRefreshToken(
            hash: UserStoreFixture.hash(1), userID: "u1", familyID: "f1", expiresAt: 100, now: 1)
    }

    private func rotate(_ old: UInt8, to new: UInt8, now: Int64 = 10) throws -> RefreshRotation {
        try users.rotateRefreshToken(
            presentedHash: UserStoreFixture.hash(old), newHash: UserStoreFixture.hash(new), newExpiresAt: 200, now: now)
    }

    @Test func rotationSpendsTheTokenAndAddsOneToTheFamily() throws {
        #expect(try rotate(1, to: 2) == .rotated(userID: "u1", familyID: "f1"))
        #expect(try rotate(2, to: 3, now: 150) == .rotated(userID: "u1", familyID: "f1"))

        let rows = try fixture.connection.query(
            "SELECT hex(token_hash), family_id, spent_at, expires_at FROM refresh_tokens ORDER BY created_at"
        ) { [$0.text(0).prefix(2).description, $0.text(1), $0.optionalText(2) ?? "-", $0.text(3)] }
        // Token 1 expired at 100: the rotation at 150 deleted it (it can never be presented successfully again).
        #expect(rows == [["02", "f1", "150", "200"], ["03", "f1", "-", "200"]])
    }

    @Test func reusingASpentTokenRevokesTheWholeFamily() throws {
        #expect(try rotate(1, to: 2) == .rotated(userID: "u1", familyID: "f1"))
        try users.insertRefreshToken(
            hash: UserStoreFixture.hash(9), userID: "u1", familyID: "other", expiresAt: 100, now: 1)

        #expect(try rotate(1, to: 3) == .reuseDetected(userID: "u1", familyID: "f1"))

        #expect(try rotate(2, to: 4) == .invalid)
        #expect(try rotate(1, to: 5) == .invalid)
        #expect(try rotate(9, to: 6) == .rotated(userID: "u1", familyID: "other"))
        // That rotation deleted the revoked family's rows (a revoked token and a missing one answer alike).
        let stored = try fixture.connection.query("SELECT hex(token_hash) FROM refresh_tokens ORDER BY 1") {
            $0.text(0).prefix(2).description
        }
        #expect(stored == ["06", "09"])
    }

    @Test func startingAFamilyKeepsTheMostRecentlyUsedAndDeletesDeadRows() throws {
        // u1 has f1 (token 1, used at 1). Add f2 and f3, then use f1 again: f2 is now the least recently used.
        for (family, token, at) in [("f2", UInt8(2), Int64(2)), ("f3", 3, 3)] {
            try users.startRefreshFamily(
                hash: UserStoreFixture.hash(token), userID: "u1", familyID: family, expiresAt: 100, now: at,
                maxFamilies: 3)
        }
        #expect(try rotate(1, to: 11, now: 4) == .rotated(userID: "u1", familyID: "f1"))
        #expect(try users.revokeFamily(ofTokenHash: UserStoreFixture.hash(3), userID: "u1", now: 5) == "f3")
        try users.startRefreshFamily(
            hash: UserStoreFixture.hash(4), userID: "u1", familyID: "f4", expiresAt: 100, now: 6, maxFamilies: 3)
        try users.startRefreshFamily(
            hash: UserStoreFixture.hash(5), userID: "u1", familyID: "f5", expiresAt: 100, now: 7, maxFamilies: 3)
        try fixture.users.insertRefreshToken(
            hash: UserStoreFixture.hash(20), userID: "u2", familyID: "g1", expiresAt: 100, now: 1)
        // f3 was revoked (deleted as dead), f2 was the least recently used of four live ones: f1, f4, f5 remain.
        let families = try fixture.connection.query(
            "SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = 'u1' ORDER BY 1"
        ) { $0.text(0) }
        #expect(families == ["f1", "f4", "f5"])
        #expect(try rotate(2, to: 12, now: 8) == .invalid)
        #expect(try rotate(11, to: 13, now: 8) == .rotated(userID: "u1", familyID: "f1"))
        #expect(try fixture.count("refresh_tokens", userID: "u2") == 1)
    }

    @Test func unknownAndExpiredTokensAreInvalid() throws {
        #expect(try rotate(7, to: 2) == .invalid)
        #expect(try rotate(1, to: 2, now: 100) == .invalid)
        #expect(try fixture.count("refresh_tokens", userID: "u1") == 1)
    }

    @Test func signOutRevokesOnlyTheOwnersFamily() throws {
        #expect(try users.revokeFamily(ofTokenHash: UserStoreFixture.hash(1), userID: "u2", now: 5) == nil)
        #expect(try rotate(1, to: 2) == .rotated(userID: "u1", familyID: "f1"))

        #expect(try users.revokeFamily(ofTokenHash: UserStoreFixture.hash(1), userID: "u1", now: 20) == "f1")

        #expect(try rotate(2, to: 3) == .invalid)
        #expect(try users.revokeFamily(ofTokenHash: UserStoreFixture.hash(7), userID: "u1", now: 20) == nil)
    }

    @Test func revokeAllEndsEveryFamilyOfTheUser() throws {
        try users.insertRefreshToken(
            hash: UserStoreFixture.hash(2), userID: "u1", familyID: "f2", expiresAt: 100, now: 1)
        try users.insertRefreshToken(
            hash: UserStoreFixture.hash(3), userID: "u2", familyID: "f3", expiresAt: 100, now: 1)

        #expect(try users.revokeAll(userID: "u1", now: 5) == 2)

        #expect(try rotate(1, to: 4) == .invalid)
        #expect(try rotate(2, to: 5) == .invalid)
        #expect(try rotate(3, to: 6) == .rotated(userID: "u2", familyID: "f3"))
    }
}

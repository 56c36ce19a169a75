import Storage
import Synchronization
import TestSupport
import Testing

@Suite struct RefreshTokenStoreTests {
    /// Users u1 and u2, and u1's token 1 (family f1, expiring at 100, created at 1).
    private func fixture(_ driver: Driver) throws -> StoreFixture {
        let fixture = try StoreFixture(driver)
        for id in ["u1", "u2"] {
            _ = try fixture.users.insert(StoreFixture.user(id, email: "\(id)@example.com"))
        }
        try fixture.users.insertRefreshToken(
            hash: StoreFixture.hash(1), userID: "u1", familyID: "f1", expiresAt: 100, now: 1)
        return fixture
    }

    private func rotate(_ users: some UserStore, _ old: UInt8, to new: UInt8, now: Int64 = 10) throws
        -> RefreshRotation
    {
        try users.rotateRefreshToken(
            presentedHash: StoreFixture.hash(old), newHash: StoreFixture.hash(new), newExpiresAt: 200, now: now)
    }

    @Test(arguments: Driver.available)
    func rotationSpendsTheTokenAndAddsOneToTheFamily(_ driver: Driver) throws {
        let fixture = try fixture(driver)
        #expect(try rotate(fixture.users, 1, to: 2) == .rotated(userID: "u1", familyID: "f1"))
        #expect(try rotate(fixture.users, 2, to: 3, now: 150) == .rotated(userID: "u1", familyID: "f1"))

        let rows = try fixture.query(
            "SELECT \(fixture.hex("token_hash")), family_id, spent_at, expires_at FROM refresh_tokens ORDER BY created_at"
        ) { [$0.text(0).prefix(2).description, $0.text(1), $0.optionalText(2) ?? "-", $0.text(3)] }
        // Token 1 expired at 100: the rotation at 150 deleted it (it can never be presented successfully again).
        #expect(rows == [["02", "f1", "150", "200"], ["03", "f1", "-", "200"]])
    }

    /// Reuse, then sign-out and revoking all on what is left.
    @Test(arguments: Driver.available)
    func reusingASpentTokenRevokesTheWholeFamily(_ driver: Driver) throws {
        let fixture = try fixture(driver)
        let users = fixture.users
        #expect(try rotate(users, 1, to: 2) == .rotated(userID: "u1", familyID: "f1"))
        try users.insertRefreshToken(
            hash: StoreFixture.hash(9), userID: "u1", familyID: "other", expiresAt: 100, now: 1)

        #expect(try rotate(users, 1, to: 3) == .reuseDetected(userID: "u1", familyID: "f1"))

        #expect(try rotate(users, 2, to: 4) == .invalid)
        #expect(try rotate(users, 1, to: 5) == .invalid)
        #expect(try rotate(users, 9, to: 6) == .rotated(userID: "u1", familyID: "other"))
        // That rotation deleted the revoked family's rows (a revoked token and a missing one answer alike).
        let stored = try fixture.query("SELECT \(fixture.hex("token_hash")) FROM refresh_tokens ORDER BY 1") {
            $0.text(0).prefix(2).description
        }
        #expect(stored == ["06", "09"])

        #expect(try users.revokeFamily(ofTokenHash: StoreFixture.hash(6), userID: "u2", now: 20) == nil)
        #expect(try users.revokeFamily(ofTokenHash: StoreFixture.hash(6), userID: "u1", now: 20) == "other")
        #expect(try rotate(users, 6, to: 8) == .invalid)
        try users.insertRefreshToken(hash: StoreFixture.hash(5), userID: "u2", familyID: "f5", expiresAt: 100, now: 1)
        #expect(try users.revokeAll(userID: "u2", now: 5) == 1)
        #expect(try rotate(users, 5, to: 4) == .invalid)
    }

    @Test(arguments: Driver.available)
    func startingAFamilyKeepsTheMostRecentlyUsedAndDeletesDeadRows(_ driver: Driver) throws {
        let fixture = try fixture(driver)
        let users = fixture.users
        // u1 has f1 (token 1, used at 1). Add f2 and f3, then use f1 again: f2 is now the least recently used.
        for (family, token, at) in [("f2", UInt8(2), Int64(2)), ("f3", 3, 3)] {
            try users.startRefreshFamily(
                hash: StoreFixture.hash(token), userID: "u1", familyID: family, expiresAt: 100, now: at,
                maxFamilies: 3)
        }
        #expect(try rotate(users, 1, to: 11, now: 4) == .rotated(userID: "u1", familyID: "f1"))
        #expect(try users.revokeFamily(ofTokenHash: StoreFixture.hash(3), userID: "u1", now: 5) == "f3")
        try users.startRefreshFamily(
            hash: StoreFixture.hash(4), userID: "u1", familyID: "f4", expiresAt: 100, now: 6, maxFamilies: 3)
        try users.startRefreshFamily(
            hash: StoreFixture.hash(5), userID: "u1", familyID: "f5", expiresAt: 100, now: 7, maxFamilies: 3)
        try users.insertRefreshToken(
            hash: StoreFixture.hash(20), userID: "u2", familyID: "g1", expiresAt: 100, now: 1)
        // f3 was revoked (deleted as dead), f2 was the least recently used of four live ones: f1, f4, f5 remain.
        let families = try fixture.query(
            "SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = 'u1' ORDER BY 1"
        ) { $0.text(0) }
        #expect(families == ["f1", "f4", "f5"])
        #expect(try rotate(users, 2, to: 12, now: 8) == .invalid)
        #expect(try rotate(users, 11, to: 13, now: 8) == .rotated(userID: "u1", familyID: "f1"))
        #expect(try fixture.count("refresh_tokens", userID: "u2") == 1)
    }

    @Test(arguments: Driver.available)
    func unknownAndExpiredTokensAreInvalid(_ driver: Driver) throws {
        let fixture = try fixture(driver)
        #expect(try rotate(fixture.users, 7, to: 2) == .invalid)
        #expect(try rotate(fixture.users, 1, to: 2, now: 100) == .invalid)
        #expect(try fixture.count("refresh_tokens", userID: "u1") == 1)
    }

    @Test(arguments: Driver.available)
    func signOutRevokesOnlyTheOwnersFamily(_ driver: Driver) throws {
        let fixture = try fixture(driver)
        let users = fixture.users
        #expect(try users.revokeFamily(ofTokenHash: StoreFixture.hash(1), userID: "u2", now: 5) == nil)
        #expect(try rotate(users, 1, to: 2) == .rotated(userID: "u1", familyID: "f1"))

        #expect(try users.revokeFamily(ofTokenHash: StoreFixture.hash(1), userID: "u1", now: 20) == "f1")

        #expect(try rotate(users, 2, to: 3) == .invalid)
        #expect(try users.revokeFamily(ofTokenHash: StoreFixture.hash(7), userID: "u1", now: 20) == nil)
    }

    @Test(arguments: Driver.available)
    func revokeAllEndsEveryFamilyOfTheUser(_ driver: Driver) throws {
        let fixture = try fixture(driver)
        let users = fixture.users
        try users.insertRefreshToken(hash: StoreFixture.hash(2), userID: "u1", familyID: "f2", expiresAt: 100, now: 1)
        try users.insertRefreshToken(hash: StoreFixture.hash(3), userID: "u2", familyID: "f3", expiresAt: 100, now: 1)

        #expect(try users.revokeAll(userID: "u1", now: 5) == 2)

        #expect(try rotate(users, 1, to: 4) == .invalid)
        #expect(try rotate(users, 2, to: 5) == .invalid)
        #expect(try rotate(users, 3, to: 6) == .rotated(userID: "u2", familyID: "f3"))
    }

    @Test(arguments: Driver.available)
    func refreshTokensNeedAStoredUserAndA32ByteHash(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let ghost = try #require(throws: StorageError.self) {
            try fixture.users.insertRefreshToken(
                hash: StoreFixture.hash(1), userID: "ghost", familyID: "f", expiresAt: 10, now: 1)
        }
        #expect(ghost.kind == .constraint)
        #expect(try fixture.users.insert(StoreFixture.user("u1", email: "a@example.com")))
        let short = try #require(throws: StorageError.self) {
            try fixture.users.insertRefreshToken(hash: [1, 2, 3], userID: "u1", familyID: "f", expiresAt: 10, now: 1)
        }
        #expect(short.kind == .constraint)
    }

    /// Several threads (SQLite: a connection each; PostgreSQL: one pool) present one token at once.
    @Test(arguments: Driver.available)
    func concurrentRotationsOfOneTokenRotateOnce(_ driver: Driver) throws {
        let fixture = try fixture(driver)
        let open = fixture.executorForAThread
        let outcomes = Outcomes()
        let errors = runOnThreads(
            (0..<4).map { index in
                { @Sendable in
                    let users = SQLUserStore(try open())
                    let outcome = try users.rotateRefreshToken(
                        presentedHash: StoreFixture.hash(1), newHash: StoreFixture.hash(UInt8(10 + index)),
                        newExpiresAt: 200, now: 10)
                    outcomes.list.withLock { $0.append(outcome) }
                }
            })
        #expect(errors.isEmpty, "\(errors)")
        let seen = outcomes.list.withLock { $0 }
        // One wins; the next one is a replay of a spent token, which revokes the family; any later one is invalid.
        #expect(seen.filter { $0 == .rotated(userID: "u1", familyID: "f1") }.count == 1, "\(seen)")
        #expect(seen.filter { $0 == .reuseDetected(userID: "u1", familyID: "f1") }.count == 1, "\(seen)")
        #expect(seen.filter { $0 == .invalid }.count == 2, "\(seen)")
    }
}

/// What each thread's rotation returned.
private final class Outcomes: Sendable {
    let list = Mutex<[RefreshRotation]>([])
}

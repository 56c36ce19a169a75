import Storage
import Testing

@testable import PostgresStorage

/// Accounts, refresh tokens and import on a real server: the same expectations as the SQLite store's tests.
@Suite(.enabled(if: TestDatabase.serverURL != nil, "PG_TEST_URL is not set"))
struct PGUserStoreTests {
    static func user(_ id: String, email: String, hash: String? = "aa:bb", now: Int64 = 1) -> UserRecord {
        UserRecord(
            id: id, name: "N \(id)", email: email, emailVerified: false, image: nil, passwordHash: hash,
            createdAt: now, updatedAt: now)
    }

    static func hash(_ byte: UInt8) -> [UInt8] {
        [UInt8](repeating: byte, count: 32)
    }

    private func rotate(
        _ users: PGUserStore, _ old: UInt8, to new: UInt8, now: Int64 = 10
    ) throws -> RefreshRotation {
        try users.rotateRefreshToken(
            presentedHash: Self.hash(old), newHash: Self.hash(new), newExpiresAt: 200, now: now)
    }

    @Test func insertsLooksUpByNormalisedEmailAndRefusesATakenEmail() throws {
        let database = try TestDatabase()
        let users = PGUserStore(pool: database.pool)
        #expect(try users.insert(Self.user("u1", email: "  Ann@Example.COM ")))
        #expect(try !users.insert(Self.user("u2", email: "ann@example.com")))
        #expect(try users.user(email: "ANN@example.com")?.id == "u1")
        #expect(try users.user(id: "u1")?.email == "ann@example.com")
        #expect(try users.user(id: "u2") == nil)
        #expect(throws: PGError.self) { try users.insert(Self.user("u1", email: "other@example.com")) }
    }

    @Test func rotatesDetectsReuseAndRevokes() throws {
        let database = try TestDatabase()
        let users = PGUserStore(pool: database.pool)
        _ = try users.insert(Self.user("u1", email: "u1@example.com"))
        _ = try users.insert(Self.user("u2", email: "u2@example.com"))
        try users.insertRefreshToken(hash: Self.hash(1), userID: "u1", familyID: "f1", expiresAt: 100, now: 1)
        try users.insertRefreshToken(hash: Self.hash(9), userID: "u1", familyID: "other", expiresAt: 100, now: 1)

        #expect(try rotate(users, 7, to: 2) == .invalid)
        #expect(try rotate(users, 1, to: 2, now: 100) == .invalid)  // expired
        #expect(try rotate(users, 1, to: 2) == .rotated(userID: "u1", familyID: "f1"))
        #expect(try rotate(users, 1, to: 3) == .reuseDetected(userID: "u1", familyID: "f1"))
        #expect(try rotate(users, 2, to: 4) == .invalid)
        #expect(try rotate(users, 9, to: 6) == .rotated(userID: "u1", familyID: "other"))

        #expect(try users.revokeFamily(ofTokenHash: Self.hash(6), userID: "u2", now: 20) == nil)
        #expect(try users.revokeFamily(ofTokenHash: Self.hash(6), userID: "u1", now: 20) == "other")
        #expect(try rotate(users, 6, to: 8) == .invalid)
        try users.insertRefreshToken(hash: Self.hash(5), userID: "u2", familyID: "f5", expiresAt: 100, now: 1)
        #expect(try users.revokeAll(userID: "u2", now: 5) == 1)
        #expect(try rotate(users, 5, to: 4) == .invalid)
    }

    @Test func startingAFamilyKeepsTheMostRecentlyUsedAndDeletesDeadRows() throws {
        let database = try TestDatabase()
        let users = PGUserStore(pool: database.pool)
        _ = try users.insert(Self.user("u1", email: "u1@example.com"))
        _ = try users.insert(Self.user("u2", email: "u2@example.com"))
        try users.insertRefreshToken(hash: Self.hash(1), userID: "u1", familyID: "f1", expiresAt: 100, now: 1)
        for (family, token, at) in [("f2", UInt8(2), Int64(2)), ("f3", 3, 3)] {
            try users.startRefreshFamily(
                hash: Self.hash(token), userID: "u1", familyID: family, expiresAt: 100, now: at, maxFamilies: 3)
        }
        #expect(try rotate(users, 1, to: 11, now: 4) == .rotated(userID: "u1", familyID: "f1"))
        #expect(try users.revokeFamily(ofTokenHash: Self.hash(3), userID: "u1", now: 5) == "f3")
        for (family, token, at) in [("f4", UInt8(4), Int64(6)), ("f5", 5, 7)] {
            try users.startRefreshFamily(
                hash: Self.hash(token), userID: "u1", familyID: family, expiresAt: 100, now: at, maxFamilies: 3)
        }
        try users.insertRefreshToken(hash: Self.hash(20), userID: "u2", familyID: "g1", expiresAt: 100, now: 1)
        // f3 was revoked (deleted as dead), f2 was the least recently used of four live ones: f1, f4, f5 remain.
        let families = try database.connection().query(
            "SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = 'u1' ORDER BY 1"
        ) { $0.text(0) }
        #expect(families == ["f1", "f4", "f5"])
        #expect(try rotate(users, 2, to: 12, now: 8) == .invalid)
        #expect(try rotate(users, 11, to: 13, now: 8) == .rotated(userID: "u1", familyID: "f1"))
        let others = try database.connection().query("SELECT count(*) FROM refresh_tokens WHERE user_id = 'u2'") {
            $0.int64(0)
        }
        #expect(others == [1])
    }

    @Test func concurrentRotationsOfOneTokenRotateOnce() async throws {
        let database = try TestDatabase()
        let users = PGUserStore(pool: database.pool)
        _ = try users.insert(Self.user("u1", email: "u1@example.com"))
        try users.insertRefreshToken(hash: Self.hash(1), userID: "u1", familyID: "f1", expiresAt: 100, now: 1)
        let outcomes = try await withThrowingTaskGroup(of: RefreshRotation.self) { group in
            for index in 0..<4 {
                group.addTask { try self.rotate(users, 1, to: UInt8(10 + index)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // One wins; the next one is a replay of a spent token, which revokes the family; any later one is invalid.
        #expect(outcomes.filter { $0 == .rotated(userID: "u1", familyID: "f1") }.count == 1)
        #expect(outcomes.filter { $0 == .reuseDetected(userID: "u1", familyID: "f1") }.count == 1)
        #expect(outcomes.filter { $0 == .invalid }.count == 2)
    }

    @Test func deletesTheUserTheirTasksAndTokensTogether() throws {
        let database = try TestDatabase()
        let users = PGUserStore(pool: database.pool)
        let tasks = PGTaskStore(pool: database.pool)
        _ = try users.insert(Self.user("u1", email: "u1@example.com"))
        try users.insertRefreshToken(hash: Self.hash(1), userID: "u1", familyID: "f1", expiresAt: 100, now: 1)
        _ = try tasks.create(owner: "u1", title: "mine", description: nil, now: 1)
        let kept = try tasks.create(owner: "u2", title: "theirs", description: nil, now: 1)

        #expect(try users.deleteUserAndData(id: "u1"))
        #expect(try !users.deleteUserAndData(id: "u1"))
        #expect(try users.user(id: "u1") == nil)
        #expect(try tasks.list(owner: "u1", query: TaskListQuery()).isEmpty)
        #expect(try tasks.get(owner: "u2", id: kept.id) == kept)
        let tokens = try database.connection().query("SELECT count(*) FROM refresh_tokens") { $0.int64(0) }
        #expect(tokens == [0])
    }

    @Test func importsOnceAndSkipsTakenIdsAndEmails() throws {
        let database = try TestDatabase()
        let users = PGUserStore(pool: database.pool)
        #expect(try users.insert(Self.user("local", email: "taken@example.com")))
        let batch = [
            Self.user("a", email: "A@example.com", now: 5),
            Self.user("b", email: "b@example.com", hash: nil),
            Self.user("c", email: "Taken@Example.com"),
            Self.user("local", email: "new@example.com"),
        ]
        let first = try users.importUsers(batch)
        let second = try users.importUsers(batch)
        #expect(first == ImportReport(imported: 2, skippedIDs: ["c", "local"]))
        #expect(second.imported == 0 && second.skipped == 4)
        #expect(try users.user(email: "a@example.com")?.createdAt == 5)
        #expect(try users.user(id: "b")?.passwordHash == nil)
    }

    @Test func anImportThatFailsLeavesNothingBehind() throws {
        let database = try TestDatabase()
        let users = PGUserStore(pool: database.pool)
        try database.connection().executeScript("ALTER TABLE users ADD CONSTRAINT refuse CHECK (id <> 'bad')")
        let batch = [Self.user("a", email: "a@example.com"), Self.user("bad", email: "b@x.io")]
        #expect(throws: PGError.self) { try users.importUsers(batch) }
        #expect(try users.user(id: "a") == nil)
    }
}

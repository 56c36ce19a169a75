import Storage
import Testing

@Suite struct UserStoreTests {
    @Test(arguments: Driver.available)
    func insertsAndFindsByIdAndNormalisedEmail(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        var user = StoreFixture.user("u1", email: "  Alice@Example.COM ")
        user.image = "https://example.com/a.png"
        user.emailVerified = true

        #expect(try fixture.users.insert(user))

        user.email = "alice@example.com"
        #expect(try fixture.users.user(id: "u1") == user)
        #expect(try fixture.users.user(email: "ALICE@example.com\n") == user)
        #expect(try fixture.users.user(email: "bob@example.com") == nil)
        #expect(try fixture.users.user(id: "u2") == nil)
    }

    @Test(arguments: Driver.available)
    func keepsAMissingPasswordHash(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        #expect(try fixture.users.insert(StoreFixture.user("u1", email: "a@example.com", hash: nil)))
        #expect(try fixture.users.user(id: "u1")?.passwordHash == nil)
    }

    @Test(arguments: Driver.available)
    func refusesATakenEmailInAnyCaseAndFailsOnATakenId(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        #expect(try fixture.users.insert(StoreFixture.user("u1", email: "a@example.com")))

        #expect(try !fixture.users.insert(StoreFixture.user("u2", email: " A@EXAMPLE.com")))
        #expect(try fixture.users.user(id: "u2") == nil)
        #expect(try fixture.users.user(email: "A@example.com")?.id == "u1")
        // A taken email is an answer (false); a taken id is an error.
        let error = try #require(throws: StorageError.self) {
            try fixture.users.insert(StoreFixture.user("u1", email: "other@example.com"))
        }
        #expect(error.kind == .constraint)
        #expect(try fixture.users.user(email: "other@example.com") == nil)
    }

    @Test(arguments: Driver.available)
    func deletesTheUserTheirTasksAndTokensButNoOneElses(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        for id in ["u1", "u2"] {
            #expect(try fixture.users.insert(StoreFixture.user(id, email: "\(id)@example.com")))
            _ = try fixture.tasks.create(owner: id, title: "task of \(id)", description: nil, now: 1)
        }
        try fixture.users.insertRefreshToken(
            hash: StoreFixture.hash(1), userID: "u1", familyID: "f1", expiresAt: 10, now: 1)
        try fixture.users.insertRefreshToken(
            hash: StoreFixture.hash(2), userID: "u2", familyID: "f2", expiresAt: 10, now: 1)
        // The tasks of an owner who is no stored user (a Better Auth token's subject) are no one's to delete either.
        let kept = try fixture.tasks.create(owner: "u3", title: "theirs", description: nil, now: 1)

        #expect(try fixture.users.deleteUserAndData(id: "u1"))

        for table in ["users", "tasks", "refresh_tokens"] {
            #expect(try fixture.count(table, userID: "u1") == 0, "\(table)")
            #expect(try fixture.count(table, userID: "u2") == 1, "\(table)")
        }
        #expect(try fixture.users.user(id: "u1") == nil)
        #expect(try fixture.tasks.list(owner: "u1", query: TaskListQuery()).isEmpty)
        #expect(try fixture.tasks.get(owner: "u3", id: kept.id) == kept)
        #expect(try !fixture.users.deleteUserAndData(id: "u1"))
    }

    @Test(arguments: Driver.available)
    func deletingAnUnknownUserLeavesTasksOfThatIdAlone(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        _ = try fixture.tasks.create(owner: "better-auth-user", title: "t", description: nil, now: 1)

        #expect(try !fixture.users.deleteUserAndData(id: "better-auth-user"))
        #expect(try fixture.count("tasks", userID: "better-auth-user") == 1)
    }
}

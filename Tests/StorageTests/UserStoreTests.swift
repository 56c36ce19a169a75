import Testing

@testable import Storage

@Suite struct UserStoreTests {
    @Test func insertsAndFindsByIdAndNormalisedEmail() throws {
        let fixture = try UserStoreFixture()
        var user = UserStoreFixture.user("u1", email: "  Alice@Example.COM ")
        user.image = "https://example.com/a.png"
        user.emailVerified = true

        #expect(try fixture.users.insert(user))

        user.email = "alice@example.com"
        #expect(try fixture.users.user(id: "u1") == user)
        #expect(try fixture.users.user(email: "ALICE@example.com\n") == user)
        #expect(try fixture.users.user(email: "bob@example.com") == nil)
        #expect(try fixture.users.user(id: "u2") == nil)
    }

    @Test func keepsAMissingPasswordHash() throws {
        let fixture = try UserStoreFixture()
        #expect(try fixture.users.insert(UserStoreFixture.user("u1", email: "a@example.com", hash: nil)))
        #expect(try fixture.users.user(id: "u1")?.passwordHash == nil)
    }

    @Test func refusesATakenEmailInAnyCase() throws {
        let fixture = try UserStoreFixture()
        #expect(try fixture.users.insert(UserStoreFixture.user("u1", email: "a@example.com")))

        #expect(try !fixture.users.insert(UserStoreFixture.user("u2", email: " A@EXAMPLE.com")))
        #expect(try fixture.users.user(id: "u2") == nil)
    }

    @Test func deletesTheUserTheirTasksAndTokensButNoOneElses() throws {
        let fixture = try UserStoreFixture()
        for id in ["u1", "u2"] {
            #expect(try fixture.users.insert(UserStoreFixture.user(id, email: "\(id)@example.com")))
            _ = try fixture.tasks.create(owner: id, title: "task of \(id)", description: nil, now: 1)
        }
        try fixture.users.insertRefreshToken(
            hash: UserStoreFixture.hash(1), userID: "u1", familyID: "f1", expiresAt: 10, now: 1)
        try fixture.users.insertRefreshToken(
            hash: UserStoreFixture.hash(2), userID: "u2", familyID: "f2", expiresAt: 10, now: 1)

        #expect(try fixture.users.deleteUserAndData(id: "u1"))

        for table in ["users", "tasks", "refresh_tokens"] {
            #expect(try fixture.count(table, userID: "u1") == 0, "\(table)")
            #expect(try fixture.count(table, userID: "u2") == 1, "\(table)")
        }
        #expect(try !fixture.users.deleteUserAndData(id: "u1"))
    }

    @Test func deletingAnUnknownUserLeavesTasksOfThatIdAlone() throws {
        let fixture = try UserStoreFixture()
        _ = try fixture.tasks.create(owner: "better-auth-user", title: "t", description: nil, now: 1)

        #expect(try !fixture.users.deleteUserAndData(id: "better-auth-user"))
        #expect(try fixture.count("tasks", userID: "better-auth-user") == 1)
    }
}

import Testing

@testable import Storage

@Suite struct UserImportTests {
    @Test func importsOnceAndSkipsTakenIdsAndEmails() throws {
        let fixture = try UserStoreFixture()
        #expect(try fixture.users.insert(UserStoreFixture.user("local", email: "taken@example.com")))
        let batch = [
            UserStoreFixture.user("a", email: "A@example.com", now: 5),
            UserStoreFixture.user("b", email: "b@example.com", hash: nil),
            UserStoreFixture.user("c", email: "Taken@Example.com"),
            UserStoreFixture.user("local", email: "new@example.com"),
        ]

        let first = try fixture.users.importUsers(batch)
        let second = try fixture.users.importUsers(batch)

        #expect(first == ImportReport(imported: 2, skippedIDs: ["c", "local"]))
        #expect(second.imported == 0 && second.skipped == 4)
        #expect(try fixture.users.user(email: "a@example.com")?.createdAt == 5)
        #expect(try fixture.users.user(id: "local")?.email == "taken@example.com")
    }

    @Test func anImportThatFailsLeavesNothingBehind() throws {
        let fixture = try UserStoreFixture()
        try fixture.connection.executeScript(
            "CREATE TRIGGER refuse BEFORE INSERT ON users WHEN NEW.id = 'bad' BEGIN SELECT RAISE(ABORT, 'no'); END")
        let batch = [UserStoreFixture.user("a", email: "a@example.com"), UserStoreFixture.user("bad", email: "b@x.io")]

        #expect(throws: SQLiteError.self) { try fixture.users.importUsers(batch) }
        #expect(try fixture.users.user(id: "a") == nil)
    }
}

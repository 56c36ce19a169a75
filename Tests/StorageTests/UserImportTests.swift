import Storage
import Testing

@Suite struct UserImportTests {
    @Test(arguments: Driver.available)
    func importsOnceAndSkipsTakenIdsAndEmails(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        #expect(try fixture.users.insert(StoreFixture.user("local", email: "taken@example.com")))
        let batch = [
            StoreFixture.user("a", email: "A@example.com", now: 5),
            StoreFixture.user("b", email: "b@example.com", hash: nil),
            StoreFixture.user("c", email: "Taken@Example.com"),
            StoreFixture.user("local", email: "new@example.com"),
        ]

        let first = try fixture.users.importUsers(batch)
        let second = try fixture.users.importUsers(batch)

        #expect(first == ImportReport(imported: 2, skippedIDs: ["c", "local"]))
        #expect(second.imported == 0 && second.skipped == 4)
        #expect(try fixture.users.user(email: "a@example.com")?.createdAt == 5)
        #expect(try fixture.users.user(id: "b")?.passwordHash == nil)
        #expect(try fixture.users.user(id: "local")?.email == "taken@example.com")
    }

    @Test(arguments: Driver.available)
    func anImportThatFailsLeavesNothingBehind(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        switch driver {
        case .sqlite:
            try fixture.script(
                "CREATE TRIGGER refuse BEFORE INSERT ON users WHEN NEW.id = 'bad' BEGIN SELECT RAISE(ABORT, 'no'); END")
        case .postgres:
            try fixture.script("ALTER TABLE users ADD CONSTRAINT refuse CHECK (id <> 'bad')")
        }
        let batch = [StoreFixture.user("a", email: "a@example.com"), StoreFixture.user("bad", email: "b@x.io")]

        let error = try #require(throws: StorageError.self) { try fixture.users.importUsers(batch) }
        #expect(error.kind == .constraint)
        #expect(try fixture.users.user(id: "a") == nil)
    }
}

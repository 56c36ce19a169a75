import Storage
import Testing

@Suite struct EmailVerificationStoreTests {
    @Test(arguments: Driver.available)
    func verifiesOnceAndReportsOnlyTheCallThatDid(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        #expect(try fixture.users.insert(StoreFixture.user("u1", email: "a@example.com")))

        #expect(try fixture.users.verifyEmail(" A@Example.com", now: 2_000) == "u1")
        let verified = try #require(try fixture.users.user(id: "u1"))
        #expect(verified.emailVerified)
        #expect(verified.updatedAt == 2_000)
        // Verified already: no id (so nobody is signed in again), and nothing changes.
        #expect(try fixture.users.verifyEmail("a@example.com", now: 3_000) == nil)
        #expect(try fixture.users.user(id: "u1")?.updatedAt == 2_000)
        #expect(try fixture.users.verifyEmail("nobody@example.com", now: 3_000) == nil)
    }
}

import Storage
import Testing

@testable import Accounts

@Suite struct RefreshAndSignOutTests: ServiceSuite {
    let fixture: ServiceFixture

    @Test func refreshRotatesAndSpendsTheOldToken() throws {
        let first = try fixture.signUpAda()

        let second = try service.refresh(token: first.refreshToken, now: now + 1_000).get()

        #expect(second.user == first.user)
        #expect(second.refreshToken != first.refreshToken)
        #expect(second.accessExpiresAt == now + 1_000 + 900_000)
        let third = try service.refresh(token: second.refreshToken, now: now + 2_000)
        #expect(third.isSuccess)
        #expect(try spentAt(first.refreshToken) == now + 1_000)
        #expect(try spentAt(second.refreshToken) == now + 2_000)
    }

    @Test func storesOnlyTheSHA256OfATokensText() throws {
        let session = try fixture.signUpAda()
        let hashes = try fixture.connection.query("SELECT hex(token_hash) FROM refresh_tokens") { $0.text(0) }
        #expect(hashes == [Hex.encode(RefreshTokens.hash(session.refreshToken)).uppercased()])
    }

    /// When the token was spent, or nil while it is live (or unknown).
    private func spentAt(_ token: String) throws -> Int64? {
        let sql = "SELECT spent_at FROM refresh_tokens WHERE token_hash = ?1 AND spent_at IS NOT NULL"
        return try fixture.connection.query(sql, [.bytes(RefreshTokens.hash(token))]) { $0.int64(0) }.first
    }

    @Test func reusingASpentTokenRevokesTheFamily() throws {
        let first = try fixture.signUpAda()
        let otherDevice = try service.signIn(email: "ada@example.com", password: "correct horse", now: now).get()
        let second = try service.refresh(token: first.refreshToken, now: now + 1).get()

        let replay = try service.refresh(token: first.refreshToken, now: now + 2)

        #expect(replay.failure == .invalidRefreshToken)
        #expect(try service.refresh(token: second.refreshToken, now: now + 3).failure == .invalidRefreshToken)
        #expect(try service.refresh(token: otherDevice.refreshToken, now: now + 4).isSuccess)
    }

    @Test func anExpiredRefreshTokenFails() throws {
        let session = try fixture.signUpAda()
        let expiry = now + fixture.settings.refreshTokenTTL * 1000

        #expect(try service.refresh(token: session.refreshToken, now: expiry).failure == .invalidRefreshToken)
        #expect(try service.refresh(token: session.refreshToken, now: expiry - 1).isSuccess)
    }

    @Test(arguments: ["", "garbage", String(repeating: "A", count: 43), String(repeating: "A", count: 44)])
    func unknownOrMalformedTokensFail(_ token: String) throws {
        _ = try fixture.signUpAda()
        #expect(try service.refresh(token: token, now: now).failure == .invalidRefreshToken)
    }

    @Test func signOutRevokesTheChain() throws {
        let first = try fixture.signUpAda()
        let second = try service.refresh(token: first.refreshToken, now: now + 1).get()

        #expect(
            try service.signOut(refreshToken: second.refreshToken, userID: "someone-else", now: now + 2).failure
                == .invalidRefreshToken)
        #expect(
            try service.signOut(refreshToken: second.refreshToken, userID: first.user.id, now: now + 2).isSuccess)

        #expect(try service.refresh(token: second.refreshToken, now: now + 3).failure == .invalidRefreshToken)
        #expect(
            try service.signOut(refreshToken: "garbage", userID: first.user.id, now: now).failure
                == .invalidRefreshToken)
    }
}

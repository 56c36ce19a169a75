import JOSE
import JSON
import SQLiteStorage
import Storage
import Testing

@testable import Accounts

/// Sessions (`sid`) and subjects revoked at once: the list's rule, and what sign-out, reuse detection and
/// deletion revoke, in this process and, through the store, in another.
@Suite struct RevocationTests: ServiceSuite {
    let fixture: ServiceFixture

    /// The token of `session`, verified at `at` (ms; default 10 s after the fixture's time), then checked against the service's list.
    private func isRevoked(_ session: Session, in service: AccountService? = nil, at: Int64? = nil) throws -> Bool {
        let token = try fixture.verifier().verify(session.accessToken, now: Double(at ?? now + 10_000) / 1000)
        return (service ?? self.service).revocations.isRevoked(token)
    }

    @Test func theRuleComparesWholeSeconds() {
        let list = RevocationList(horizon: 60_000)
        list.add(
            [Revocation(.subject, id: "u1", revokedAt: 10_500), Revocation(.session, id: "s1", revokedAt: 10_000)],
            now: 10_500)
        #expect(list.isRevoked(subject: "u1", sessionID: nil, issuedAt: 9))
        #expect(list.isRevoked(subject: "u1", sessionID: nil, issuedAt: 10))  // the same second: not after it
        #expect(list.isRevoked(subject: "u1", sessionID: nil, issuedAt: 10.9))
        #expect(!list.isRevoked(subject: "u1", sessionID: "s2", issuedAt: 11))
        #expect(list.isRevoked(subject: "u1", sessionID: nil, issuedAt: nil))
        #expect(!list.isRevoked(subject: "u2", sessionID: nil, issuedAt: nil))
        #expect(list.isRevoked(subject: "u2", sessionID: "s1", issuedAt: 99))
        // Past the horizon nothing issued before can still be valid: the entries are forgotten.
        list.add([], now: 10_500 + 60_001)
        #expect(!list.isRevoked(subject: "u1", sessionID: "s1", issuedAt: nil))
    }

    @Test func accessTokensCarryTheirSession() throws {
        let session = try fixture.signUpAda(now: now + 123)
        let token = try fixture.verifier().verify(session.accessToken, now: Double(now + 1_000) / 1000)
        let family = try fixture.connection.query("SELECT family_id FROM refresh_tokens") { $0.text(0) }
        #expect(token.sessionID == family.first)
        #expect(token.issuedAt == Double(now / 1000))
    }

    @Test func signOutRevokesThatSessionOnly() throws {
        let first = try fixture.signUpAda()
        let second = try service.signIn(email: "ada@example.com", password: "correct horse", now: now).get()
        let refreshed = try service.refresh(token: first.refreshToken, now: now + 5).get()
        #expect(
            try service.signOut(refreshToken: refreshed.refreshToken, userID: first.user.id, now: now + 9).isSuccess)
        #expect(try isRevoked(first))
        #expect(try isRevoked(refreshed))
        #expect(try !isRevoked(second))
    }

    @Test func reuseDetectionRevokesTheFamilysAccessTokens() throws {
        let first = try fixture.signUpAda()
        let other = try service.signIn(email: "ada@example.com", password: "correct horse", now: now).get()
        let second = try service.refresh(token: first.refreshToken, now: now + 1).get()
        #expect(try !isRevoked(second))
        #expect(try service.refresh(token: first.refreshToken, now: now + 2).failure == .invalidRefreshToken)
        #expect(try isRevoked(first))
        #expect(try isRevoked(second))
        #expect(try !isRevoked(other))
    }

    @Test func deletionRevokesTheSubjectHereAndInAnotherProcessAfterAReload() throws {
        let session = try fixture.signUpAda()
        // A second "process" on the same database: its own connection and its own list.
        let connection = try SQLiteDatabase.open(path: fixture.directory.file("todo.db"))
        defer { connection.close() }
        let otherList = RevocationList(horizon: 3_600_000, reloadInterval: 1)
        let other = AccountService(
            users: SQLUserStore(connection), hasher: ServiceFixture.hasher,
            signer: .hmac(secret: ServiceFixture.secret), settings: fixture.settings, revocations: otherList)
        try other.reloadRevocationsIfDue(now: now + 100)
        #expect(try !isRevoked(session, in: other))

        #expect(try service.deleteUser(userID: session.user.id, password: "correct horse", now: now + 200).isSuccess)
        #expect(try isRevoked(session))
        try other.reloadRevocationsIfDue(now: now + 600)  // not due yet: one reload per second
        #expect(try !isRevoked(session, in: other))
        try other.reloadRevocationsIfDue(now: now + 1_100)
        #expect(try isRevoked(session, in: other))
        let rows = try fixture.connection.query("SELECT kind, id FROM revocations") { [$0.text(0), $0.text(1)] }
        #expect(rows == [["subject", session.user.id]])
    }

    @Test func recordingARevocationDeletesThosePastTheHorizon() throws {
        let users = fixture.users
        try users.recordRevocation(Revocation(.session, id: "old", revokedAt: 1_000), pruneBefore: 0)
        try users.recordRevocation(Revocation(.session, id: "new", revokedAt: 9_000), pruneBefore: 5_000)
        try users.recordRevocation(Revocation(.session, id: "new", revokedAt: 8_000), pruneBefore: 5_000)
        #expect(try users.revocations(after: 0) == [Revocation(.session, id: "new", revokedAt: 9_000)])
        #expect(try users.revocations(after: 9_000).isEmpty)
    }
}

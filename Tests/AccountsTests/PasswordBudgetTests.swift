import Foundation
import Locks
import Synchronization
import Testing

@testable import Accounts

/// The bounded password budget: a caller beyond it is refused at once, never queued without end, and a password
/// longer than the bounds is refused before any hashing.
@Suite struct PasswordBudgetTests {
    /// Holds one slot of `limiter` on another thread until `release()`; returns once the slot is held.
    final class SlotHolder: Sendable {
        private let held = DispatchSemaphore(value: 0)
        private let done = DispatchSemaphore(value: 0)
        private let finished = DispatchSemaphore(value: 0)

        init(_ limiter: ConcurrencyLimiter) {
            Thread { [held, done, finished] in
                limiter.run {
                    held.signal()
                    done.wait()
                }
                finished.signal()
            }.start()
            held.wait()
        }

        func release() {
            done.signal()
            finished.wait()
        }
    }

    /// Waits (without a deadline a test could lose) until `limiter` has `count` waiters.
    func waitForWaiters(_ limiter: ConcurrencyLimiter, _ count: Int) {
        while limiter.load.waiting != count { usleep(1_000) }
    }

    @Test func aCallerIsRefusedAtOnceWhenNoOneMayWait() {
        let limiter = ConcurrencyLimiter(limit: 1, queueLimit: 0, maxWait: 60)
        let holder = SlotHolder(limiter)
        #expect(limiter.runIfAdmitted { 1 } == nil)
        #expect(limiter.shed == 1)
        holder.release()
        #expect(limiter.runIfAdmitted { 2 } == 2)
    }

    @Test func aWaiterIsRefusedAfterMaxWait() {
        let limiter = ConcurrencyLimiter(limit: 1, queueLimit: 1, maxWait: 0.05)
        let holder = SlotHolder(limiter)
        #expect(limiter.runIfAdmitted { 1 } == nil)
        #expect(limiter.shed == 1)
        #expect(limiter.load.waiting == 0)
        holder.release()
    }

    @Test func aWaiterRunsWhenTheSlotFreesAndTheQueueIsBounded() {
        let limiter = ConcurrencyLimiter(limit: 1, queueLimit: 1, maxWait: 600)
        let holder = SlotHolder(limiter)
        let waited = Atomic<Int>(0)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            waited.store(limiter.runIfAdmitted { 7 } ?? -1, ordering: .sequentiallyConsistent)
            finished.signal()
        }.start()
        waitForWaiters(limiter, 1)
        // The queue is full: the next caller is refused at once, however long a waiter may wait.
        #expect(limiter.runIfAdmitted { 1 } == nil)
        holder.release()
        finished.wait()
        #expect(waited.load(ordering: .sequentiallyConsistent) == 7)
        #expect(limiter.shed == 1)
    }

    /// Runs `body` after Ada signed up, while the hasher's only slot is held and nobody may wait for it: any
    /// hashing answers tooManyRequests.
    private func withTheBudgetSpent(
        _ body: (PasswordHasher, ServiceFixture, Session, Calls) throws -> Void
    ) throws {
        let hasher = PasswordHasher(maxConcurrentHashes: 1, maxWaiting: 0, maxWait: 1)
        let fixture = try ServiceFixture(hasher: hasher)
        let session = try fixture.signUpAda()
        let holder = SlotHolder(hasher.limiter)
        defer { holder.release() }
        try body(hasher, fixture, session, Calls(fixture.service))
    }

    @Test func aSpentBudgetIsTooManyRequestsOnEveryPasswordRoute() throws {
        try withTheBudgetSpent { hasher, fixture, session, calls throws in
            #expect(try calls.signIn("ada@example.com", "correct horse") == .tooManyRequests)
            #expect(try calls.signIn("nobody@example.com", "correct horse") == .tooManyRequests)
            #expect(try calls.signUp("bo@example.com", "long enough") == .tooManyRequests)
            #expect(try calls.deleteUser(session.user.id, "correct horse") == .tooManyRequests)
            #expect(try fixture.count("users", userID: session.user.id) == 1)
            #expect(hasher.shed == 4)
        }
    }

    @Test func anOverlongPasswordIsRefusedWithoutHashing() throws {
        // Any hashing would answer tooManyRequests.
        try withTheBudgetSpent { hasher, _, session, calls throws in
            let combining = "a" + String(repeating: "\u{301}", count: 30_000)
            let tooManyBytes = String(repeating: "é", count: 257)  // 257 scalars of 2 bytes: 514 bytes
            let tooManyScalars = String(repeating: "a", count: 129)
            for password in [combining, tooManyBytes, tooManyScalars] {
                #expect(try calls.signIn("ada@example.com", password) == .invalidEmailOrPassword)
                #expect(try calls.deleteUser(session.user.id, password) == .invalidPassword)
                #expect(try calls.signUp("bo@example.com", password) == .passwordTooLong)
            }
            #expect(hasher.shed == 0)
        }
    }

    /// The refusals of the three password routes, at the fixture's time.
    struct Calls {
        let service: AccountService

        init(_ service: AccountService) {
            self.service = service
        }

        func signIn(_ email: String, _ password: String) throws -> AccountError? {
            try service.signIn(email: email, password: password, now: ServiceFixture.now).failure
        }

        func signUp(_ email: String, _ password: String) throws -> AccountError? {
            try service.signUp(name: "Bo", email: email, password: password, now: ServiceFixture.now).failure
        }

        func deleteUser(_ userID: String, _ password: String) throws -> AccountError? {
            try service.deleteUser(userID: userID, password: password, now: ServiceFixture.now).failure
        }
    }
}

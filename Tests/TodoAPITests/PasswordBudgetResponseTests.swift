import Foundation
import JOSE
import SQLiteStorage
import Storage
import Synchronization
import TestSupport
import Testing
import TodoAPI

@testable import Accounts

/// What a client sees when the password budget is spent: 429 in Better Auth's shape, with both retry headers,
/// and nothing stored.
@Suite struct PasswordBudgetResponseTests {
    @Test func aSpentBudgetAnswers429WithRetryAfter() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteDatabase.open(path: directory.file("todo.db"))
        defer { connection.close() }
        let hasher = PasswordHasher(maxConcurrentHashes: 1, maxWaiting: 0, maxWait: 1)
        let accounts = AccountService(
            users: SQLUserStore(connection), hasher: hasher,
            signer: .hmac(secret: APIFixture.secret), settings: TokenSettings())
        let stores = APIStores(tasks: SQLTaskStore(connection), accounts: accounts)
        let log = Mutex<[(requestID: String, line: String)]>([])
        let application = TodoApplication(
            authenticator: APIFixture.authenticator(), clock: { APIFixture.start },
            log: { context, line in log.withLock { $0.append((context.requestID, line)) } })
        let signUp = APIRequest(
            method: "POST", path: "/api/auth/sign-up/email", query: "", authorization: [],
            body: Array(#"{"name":"Ann","email":"ann@example.com","password":"long enough"}"#.utf8),
            requestID: "5e1f")

        let held = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            hasher.limiter.run {
                held.signal()
                release.wait()
            }
            finished.signal()
        }.start()
        held.wait()
        let refused = application.handle(signUp, stores: stores)
        release.signal()
        finished.wait()

        #expect(refused.status == 429)
        #expect(refused.headers.contains { $0.name == "Retry-After" && $0.value == "1" })
        #expect(refused.headers.contains { $0.name == "X-Retry-After" && $0.value == "1" })
        #expect(
            String(decoding: refused.body, as: UTF8.self)
                == #"{"code":"TOO_MANY_REQUESTS","message":"Too many requests. Please try again later."}"#)
        #expect(try SQLUserStore(connection).user(email: "ann@example.com") == nil)
        // The refusal is logged as part of the request, and says nothing of its body.
        let lines = log.withLock { $0 }
        #expect(lines.map(\.requestID) == ["5e1f"])
        #expect(lines.first?.line.contains("password budget spent") == true)
        #expect(lines.allSatisfy { !$0.line.contains("long enough") && !$0.line.contains("ann@") })
        // With the slot free again the same request succeeds.
        #expect(application.handle(signUp, stores: stores).status == 200)
    }
}

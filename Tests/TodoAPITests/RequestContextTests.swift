import Accounts
import JSON
import SQLiteStorage
import Storage
import Synchronization
import TestSupport
import Testing
import TodoAPI

/// One context per request: one clock reading for all of it, and its id on every line logged while it is handled.
@Suite struct RequestContextTests {
    /// A clock that moves one second each time it is read, and counts the reads.
    private final class SteppingClock: Sendable {
        private let reads = Mutex(0)

        var count: Int { reads.withLock { $0 } }

        func read() -> Double {
            reads.withLock { reads in
                reads += 1
                return APIFixture.start + Double(reads - 1)
            }
        }
    }

    private struct Logged: Equatable {
        let requestID: String
        let line: String
    }

    @Test("the clock is read once per request (revocation reload, token check, dates), and the task is dated with it")
    func oneClockReading() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteDatabase.open(path: directory.file("todo.db"))
        defer { connection.close() }
        let clock = SteppingClock()
        let application = TodoApplication(authenticator: APIFixture.authenticator(), clock: { clock.read() })
        let create = APIRequest(
            method: "POST", path: "/api/alice/tasks", authorization: ["Bearer " + APIFixture.token()],
            body: Array(#"{"title":"dated"}"#.utf8))
        let accounts = AccountService(
            users: SQLUserStore(connection), hasher: PasswordHasher(),
            signer: .hmac(secret: APIFixture.secret), settings: TokenSettings(), revocations: RevocationList(horizon: 1)
        )
        let stores = APIStores(tasks: SQLTaskStore(connection), accounts: accounts)
        let response = application.handle(create, stores: stores)
        #expect(response.status == 201)
        #expect(clock.count == 1)
        #expect(response.json?["created_at"]?.stringValue == "2026-01-11T09:30:00.000Z")
    }

    @Test("a revocation reload that fails is logged with the request's id, at most once per interval")
    func failedReloadIsLoggedWithTheRequest() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteDatabase.open(path: directory.file("todo.db"))
        defer { connection.close() }
        let accounts = AccountService(
            users: SQLUserStore(connection), hasher: PasswordHasher(),
            signer: .hmac(secret: APIFixture.secret), settings: TokenSettings(),
            revocations: RevocationList(horizon: 3_600_000, reloadInterval: 60))
        let stores = APIStores(tasks: SQLTaskStore(connection), accounts: accounts)
        let log = Mutex<[Logged]>([])
        let application = TodoApplication(
            authenticator: APIFixture.authenticator(), clock: { APIFixture.start },
            log: { context, line in log.withLock { $0.append(Logged(requestID: context.requestID, line: line)) } })
        _ = try connection.execute("DROP TABLE revocations")

        let first = application.handle(
            APIRequest(method: "GET", path: "/api/health", requestID: "aa01"), stores: stores)
        let second = application.handle(
            APIRequest(method: "GET", path: "/api/health", requestID: "aa02"), stores: stores)

        // The request is still answered: the list in memory stays as it was.
        #expect([first.status, second.status] == [200, 200])
        let lines = log.withLock { $0 }
        #expect(lines.map(\.requestID) == ["aa01"], "\(lines)")
        #expect(lines.first?.line.hasPrefix("error: revocations not reloaded: ") == true)
    }
}

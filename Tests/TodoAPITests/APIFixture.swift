import JOSE
import JSON
import SQLiteStorage
import Storage
import Synchronization
import TestSupport
import Testing
import TodoAPI

/// A `TodoApplication` on a fresh SQLite file, with a clock the test moves by hand and an HS256 secret.
final class APIFixture {
    static let secret = Array("unit-test-secret-of-at-least-32-bytes".utf8)
    /// 2026-01-11T09:30:00.000Z.
    static let start: Double = 1_768_123_800

    let directory = TemporaryDirectory()
    let connection: SQLiteConnection
    let store: SQLTaskStore
    let application: TodoApplication
    private let clock: Clock

    init() throws {
        connection = try SQLiteDatabase.open(path: directory.file("data/todo.db"))
        store = SQLTaskStore(connection)
        let clock = Clock(Self.start)
        self.clock = clock
        application = TodoApplication(authenticator: Self.authenticator(), clock: { clock.now })
    }

    deinit {
        connection.close()
    }

    static func authenticator() -> Authenticator {
        let policy = ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 60)
        return Authenticator(verifier: JWTVerifier(hmacSecret: secret, policy: policy))
    }

    /// A valid HS256 token for `subject`, expiring 15 minutes after the fixture's start.
    static func token(_ subject: String = "alice", claims extra: [String: JSONValue] = [:]) -> String {
        var claims: [String: JSONValue] = ["sub": .string(subject), "exp": .number(start + 900)]
        claims.merge(extra) { _, new in new }
        return JWTSigner.hmac(secret: secret).sign(claims: claims)
    }

    /// Moves the clock forward.
    func advance(seconds: Double) {
        clock.advance(seconds)
    }

    /// Sends `method target` (path and optional query) with `body`, as `user` (nil: no Authorization).
    func send(_ method: String, _ target: String, _ body: String? = nil, as user: String? = "alice") -> APIResponse {
        let (path, query) = APIRequest.splitURI(target)
        let authorization = user.map { ["Bearer " + Self.token($0)] } ?? []
        let request = APIRequest(
            method: method, path: path, query: query, authorization: authorization, body: Array((body ?? "").utf8))
        return application.handle(request, store: store)
    }

    /// Sends a request built by the test.
    func handle(_ request: APIRequest) -> APIResponse {
        application.handle(request, store: store)
    }

    /// Creates a task through the API and returns its id.
    @discardableResult
    func create(_ title: String, as user: String = "alice") throws -> Int {
        let response = send(
            "POST", "/api/\(PercentEncoding.encodeSegment(user))/tasks", #"{"title":"\#(title)"}"#, as: user)
        return try #require(response.json?["id"]?.numberValue.map { Int($0) })
    }
}

/// A settable clock that the application reads through a `@Sendable` closure.
private final class Clock: Sendable {
    private let seconds: Mutex<Double>

    init(_ start: Double) {
        seconds = Mutex(start)
    }

    var now: Double { seconds.withLock { $0 } }

    func advance(_ delta: Double) {
        seconds.withLock { $0 += delta }
    }
}

extension APIResponse {
    /// The body parsed as JSON, nil when it is not JSON.
    var json: JSONValue? { try? JSONParser.parse(body) }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The header lines as comparable pairs.
    var headerPairs: [[String]] { headers.map { [$0.name, $0.value] } }
}

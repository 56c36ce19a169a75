import Accounts
import JOSE
import SQLiteStorage
import Storage

/// An `AccountService` on a migrated temporary database, signing HS256 with a fixed secret.
final class ServiceFixture {
    static let secret = Array("an HS256 test secret of at least 32 bytes".utf8)
    /// Shared by every test, as one process shares one hasher (default bound: two hashes at once).
    static let hasher = PasswordHasher()
    static let now: Int64 = 1_767_225_600_000

    let directory: TemporaryDirectory
    let connection: SQLiteConnection
    let users: SQLUserStore
    let tasks: SQLTaskStore
    let service: AccountService
    let settings: TokenSettings

    init(
        settings: TokenSettings = TokenSettings(accessTokenTTL: 900, refreshTokenTTL: 3_600),
        hasher: PasswordHasher = ServiceFixture.hasher
    ) throws {
        directory = try TemporaryDirectory()
        connection = try SQLiteDatabase.open(path: directory.file("todo.db"))
        users = SQLUserStore(connection)
        tasks = SQLTaskStore(connection)
        self.settings = settings
        service = AccountService(
            users: users, hasher: hasher, signer: .hmac(secret: Self.secret), settings: settings)
    }

    deinit {
        connection.close()
    }

    /// Signs Ada up (or fails the test).
    func signUpAda(now: Int64 = ServiceFixture.now) throws -> Session {
        try service.signUp(name: "Ada", email: "ada@example.com", password: "correct horse", now: now).get()
    }

    /// A verifier for the tokens the service issues.
    func verifier() -> JWTVerifier {
        JWTVerifier(
            hmacSecret: Self.secret,
            policy: ClaimsPolicy(issuer: settings.issuer, audience: settings.audience, leewaySeconds: 0))
    }

    /// Rows of `table` whose user column is `userID`.
    func count(_ table: String, userID: String) throws -> Int64 {
        let column = table == "users" ? "id" : "user_id"
        return try connection.query("SELECT count(*) FROM \(table) WHERE \(column) = ?1", [.text(userID)]) {
            $0.int64(0)
        }.first ?? 0
    }
}

extension Result {
    /// The failure, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    /// True on success.
    var isSuccess: Bool { failure == nil }
}

/// A suite whose every test gets a fresh `ServiceFixture` (Swift Testing makes one instance per test, with
/// `init()`), with the fixture's service and time at hand.
protocol ServiceSuite {
    var fixture: ServiceFixture { get }
    init(fixture: ServiceFixture)
}

extension ServiceSuite {
    init() throws {
        self.init(fixture: try ServiceFixture())
    }

    var service: AccountService { fixture.service }
    var now: Int64 { ServiceFixture.now }
}

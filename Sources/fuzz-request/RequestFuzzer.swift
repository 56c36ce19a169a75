import Accounts
import FastCGI
import Glibc
import JOSE
import JSON
import SQLiteStorage
import Storage
import TodoAPI

/// One fuzz input through the responder's whole request path: FastCGI params (`IncomingRequest.take`), the
/// `APIRequest` exactly as the todo-fcgi handler builds it, `TodoApplication.handle` on a real SQLite database
/// with accounts, and the CGI framing of the answer. Traps (through `fatalError`) when a property fails, so that
/// libFuzzer keeps the input as a crash.
///
/// The input is split on 0xFF bytes: `METHOD 0xFF REQUEST_URI 0xFF AUTH1 0xFF AUTH2 0xFF AUTH3 0xFF BODY` (the
/// body may hold 0xFF bytes; missing fields are empty). An empty AUTH field sends no Authorization header; one
/// that starts with 0xFE sends `Bearer` and a valid HS256 token whose `sub` is the rest, and one that starts
/// with 0xFD sends `Bearer` and a token signed with the secret whose payload is the rest (so the claims checks
/// see arbitrary JSON behind a good signature).
///
/// Checked on every input: no crash and no hang (libFuzzer's `-timeout`), a status below 500, a body that is
/// JSON unless the status is 204 (which has no body), no header value with CR or LF, and never the secret in
/// the response.
final class RequestFuzzer {
    /// The fixed clock, in Unix seconds: 2026-01-11T09:30:00Z. Tokens of the seed corpus are valid then.
    static let now: Double = 1_768_123_800
    static let secret = Array("fuzz-request-hmac-secret-not-a-real-one-0123".utf8)
    /// Inputs between two resets of the database, so that it stays small and requests stay fast.
    static let resetInterval = 5000

    /// Restored before every input, so that requests naming them reach the handlers' success paths: user
    /// `alice` (email `fixture.email`, password `fixture.password`) with refresh token `fixture.refreshToken`
    /// and task 1.
    static let fixture = (
        email: "alice@example.com", password: "correct horse battery",
        refreshToken: Base64URL.encode(Array("fuzz-request-fixture-refresh-tok".utf8))
    )

    private let connection: SQLiteConnection
    private let passwordHash: String
    private let directory: String
    private let stores: APIStores
    private let application: TodoApplication
    private let signer = JWTSigner.hmac(secret: RequestFuzzer.secret)
    private var runs = 0

    /// Opens a fresh database in a temporary directory (in /dev/shm when there is one: no disk I/O).
    init() {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        var template = Array("\(base)/fuzz-request-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("fuzz-request: cannot create a temporary directory") }
        directory = String(cString: made)
        do {
            connection = try SQLiteDatabase.open(path: directory + "/todo.db")
        } catch {
            fatalError("fuzz-request: cannot open the database: \(error)")
        }
        let hasher = PasswordHasher(maxConcurrentHashes: 1)
        passwordHash = try! hasher.hash(Self.fixture.password)  // no bound on waiting: never shed
        let accounts = AccountService(
            users: SQLUserStore(connection), hasher: hasher, signer: signer, settings: TokenSettings())
        stores = APIStores(tasks: SQLTaskStore(connection), accounts: accounts)
        let policy = ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 60)
        application = TodoApplication(
            authenticator: Authenticator(verifier: JWTVerifier(hmacSecret: Self.secret, policy: policy)),
            clock: { RequestFuzzer.now },
            log: { _, line in FailureLog.last = line })
    }

    /// Closes the database and removes its files.
    func remove() {
        connection.close()
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(directory + "/todo.db" + suffix) }
        rmdir(directory)
    }

    /// Runs one input, checks the response and returns its status.
    @discardableResult
    func run(_ data: [UInt8]) -> Int {
        runs += 1
        if runs % Self.resetInterval == 0 { resetDatabase() }
        restoreFixtures()
        FailureLog.last = nil
        let input = Self.fields(data)
        var incoming = IncomingRequest()
        withParameters(input) { incoming.take(parameters: $0) }
        incoming.body = input.body
        let (path, query) = APIRequest.splitURI(incoming.requestURI)
        let request = APIRequest(
            method: incoming.method, path: path, query: query, authorization: incoming.authorization,
            body: incoming.body, bodyTooLarge: incoming.bodyTooLarge, malformed: incoming.defect?.description,
            requestID: incoming.requestID.isEmpty ? "-" : incoming.requestID)
        let response = application.handle(request, stores: stores)
        var headers = response.headers
        if !incoming.requestID.isEmpty { headers.append(("X-Request-Id", incoming.requestID)) }
        let outgoing = OutgoingResponse(
            status: response.status, reason: APIResponse.reasonPhrase(response.status), headers: headers,
            body: response.body)
        check(outgoing, head: outgoing.headBytes())
        return outgoing.status
    }

    private func check(_ response: OutgoingResponse, head: [UInt8]) {
        let failure = FailureLog.last.map { " (reported: \($0))" } ?? ""
        guard (200..<500).contains(response.status) else {
            fatalError("status \(response.status)\(failure): \(String(decoding: response.body, as: UTF8.self))")
        }
        if response.status == 204 {
            guard response.body.isEmpty else { fatalError("a 204 with a body") }
        } else {
            do {
                _ = try JSONParser.parse(response.body)
            } catch {
                fatalError("status \(response.status) with a body that is not JSON: \(error)")
            }
        }
        for header in response.headers where header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) {
            fatalError("header \(header.name) has CR or LF in its value")
        }
        guard !Self.contains(response.body, Self.secret), !Self.contains(head, Self.secret) else {
            fatalError("the response contains the secret")
        }
    }

    private func restoreFixtures() {
        let now = StorageValue.integer(Int64(Self.now * 1000))
        do {
            try connection.execute(
                "INSERT OR IGNORE INTO users (id, name, email, email_verified, image, password_hash, created_at, "
                    + "updated_at) VALUES ('alice', 'Alice', ?, 0, NULL, ?, ?, ?)",
                [.text(Self.fixture.email), .text(passwordHash), now, now])
            try connection.execute(
                "INSERT OR REPLACE INTO refresh_tokens (token_hash, user_id, family_id, expires_at, created_at, "
                    + "spent_at, revoked_at) VALUES (?, 'alice', 'fixture', ?, ?, NULL, NULL)",
                [
                    .bytes(RefreshTokens.hash(Self.fixture.refreshToken)),
                    .integer(Int64(Self.now * 1000) + 86_400_000),
                    now,
                ])
            try connection.execute(
                "INSERT OR IGNORE INTO tasks (id, user_id, title, description, completed, created_at, updated_at) "
                    + "VALUES (1, 'alice', 'Fixture', 'restored before every input', 0, ?, ?)",
                [now, now])
        } catch {
            fatalError("fuzz-request: cannot restore the fixtures: \(error)")
        }
    }

    private func resetDatabase() {
        do {
            try connection.executeScript("DELETE FROM refresh_tokens; DELETE FROM tasks; DELETE FROM users;")
        } catch {
            fatalError("fuzz-request: cannot reset the database: \(error)")
        }
    }

    // MARK: - The input encoding

    /// The decoded fields of one input.
    struct Fields {
        var method: [UInt8] = []
        var uri: [UInt8] = []
        var authorization: [[UInt8]] = []
        var body: [UInt8] = []
    }

    static let separator: UInt8 = 0xFF
    static let mintSubject: UInt8 = 0xFE
    static let mintPayload: UInt8 = 0xFD

    /// Splits an input into its fields (see the type's documentation).
    static func fields(_ data: [UInt8]) -> Fields {
        let parts = data.split(separator: separator, maxSplits: 5, omittingEmptySubsequences: false)
        func part(_ index: Int) -> [UInt8] { index < parts.count ? Array(parts[index]) : [] }
        return Fields(method: part(0), uri: part(1), authorization: [part(2), part(3), part(4)], body: part(5))
    }

    /// The inverse of `fields`, for writing seeds. Authorization values are given already encoded.
    static func encode(method: String, uri: String, authorization: [[UInt8]] = [], body: [UInt8] = []) -> [UInt8] {
        var data = Array(method.utf8) + [separator] + Array(uri.utf8)
        for index in 0..<3 { data += [separator] + (index < authorization.count ? authorization[index] : []) }
        return data + [separator] + body
    }

    /// The Authorization header value an encoded AUTH field stands for, or nil for none.
    private func authorizationValue(_ field: [UInt8]) -> [UInt8]? {
        guard let first = field.first else { return nil }
        switch first {
        case Self.mintSubject:
            let subject = String(decoding: field.dropFirst(), as: UTF8.self)
            return Array("Bearer \(Self.token(signer, subject: subject))".utf8)
        case Self.mintPayload:
            return Array(
                "Bearer \(signer.sign(payload: Array(field.dropFirst()), header: ["typ": .string("JWT")]))".utf8)
        default:
            return field
        }
    }

    /// A valid HS256 access token for `subject` at the fixed clock.
    static func token(_ signer: JWTSigner, subject: String) -> String {
        signer.sign(claims: ["sub": .string(subject), "iat": .number(now - 5), "exp": .number(now + 900)])
    }

    /// Calls `body` with a NULL-terminated array of `NAME=VALUE` C strings, as libfcgi hands them over. A value
    /// with a NUL byte ends there, as it would in a real params record.
    private func withParameters(_ input: Fields, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Void) {
        var entries: [[UInt8]] = [
            Array("GATEWAY_INTERFACE=CGI/1.1".utf8),
            Array("REQUEST_METHOD=".utf8) + input.method,
            Array("REQUEST_URI=".utf8) + input.uri,
            Array("CONTENT_TYPE=application/json".utf8),
            Array("CONTENT_LENGTH=\(input.body.count)".utf8),
            Array("REMOTE_ADDR=127.0.0.1".utf8),
            Array("REQUEST_ID=0123456789abcdef0123456789abcdef".utf8),
            Array("HTTP_HOST=localhost".utf8),
        ]
        for field in input.authorization {
            if let value = authorizationValue(field) { entries.append(Array("HTTP_AUTHORIZATION=".utf8) + value) }
        }
        var pointers: [UnsafeMutablePointer<CChar>?] = entries.map { entry in
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: entry.count + 1)
            entry.withUnsafeBytes { bytes in
                UnsafeMutableRawPointer(pointer).copyMemory(from: bytes.baseAddress!, byteCount: entry.count)
            }
            pointer[entry.count] = 0
            return pointer
        }
        pointers.append(nil)
        defer { for pointer in pointers { pointer?.deallocate() } }
        pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

/// The last line the application logged during the current input (only this thread runs requests).
enum FailureLog {
    nonisolated(unsafe) static var last: String?
}

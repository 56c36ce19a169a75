import Glibc
import JOSE
import JSON
import SQLiteStorage
import Storage
import TodoAPI

/// Nanoseconds per `TodoApplication.handle` (the request path without nginx or FastCGI): HS256 authentication,
/// routing, the SQLite query and the JSON response, against a seeded database in a temporary directory.
enum HandlerBenchmark {
    static let user = "bench-user"

    /// One kind of request and the status it must answer.
    private struct Case {
        let name: String
        let expected: Int
        let make: () -> APIRequest
    }

    static func run(tasksPerUser: Int, otherUsers: Int, seconds: Double, only: String?) -> [Measurement] {
        var template = Array("/tmp/todo-bench.XXXXXX".utf8CString)
        guard let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            fail("cannot create a temporary directory")
        }
        let path = String(cString: directory) + "/bench.db"
        defer {
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
            rmdir(String(cString: directory))
        }
        let connection: SQLiteConnection
        do {
            connection = try SQLiteDatabase.open(path: path)
            try seed(connection, tasksPerUser: tasksPerUser, otherUsers: otherUsers)
        } catch {
            fail("cannot seed \(path): \(error)")
        }
        defer { connection.close() }
        let store = SQLTaskStore(connection)
        let secret = Array("todo-bench micro-benchmark secret, 32+ bytes".utf8)
        let now = wallClockSeconds()
        let token = JWTSigner.hmac(secret: secret).sign(claims: [
            "sub": .string(user), "iat": .number(now.rounded(.down)), "exp": .number(now + 3600),
        ])
        let verifier = JWTVerifier(
            hmacSecret: secret, keyRing: KeyRing(), policy: ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 60))
        let application = TodoApplication(
            authenticator: Authenticator(verifier: verifier), clock: { wallClockSeconds() })
        let authorization = ["Bearer \(token)"]
        let firstID =
            (try? connection.query("SELECT min(id) FROM tasks WHERE user_id = ?1", [.text(user)]) {
                $0.int64(0)
            })?.first ?? 1
        var counter: Int64 = 0
        let body = Array(#"{"title":"micro-benchmark task","description":"created by todo-bench"}"#.utf8)
        let cases: [Case] = [
            Case(name: "handle list20", expected: 200) {
                APIRequest(method: "GET", path: "/api/\(user)/tasks", query: "limit=20", authorization: authorization)
            },
            Case(name: "handle get", expected: 200) {
                counter += 1
                let id = firstID + counter % Int64(tasksPerUser)
                return APIRequest(method: "GET", path: "/api/\(user)/tasks/\(id)", authorization: authorization)
            },
            Case(name: "handle create", expected: 201) {
                APIRequest(method: "POST", path: "/api/\(user)/tasks", authorization: authorization, body: body)
            },
        ]
        var results: [Measurement] = []
        for item in cases where only.map(item.name.contains) ?? true {
            let probe = application.handle(item.make(), store: store)
            guard probe.status == item.expected else {
                fail("\(item.name) answered \(probe.status): \(String(decoding: probe.body, as: UTF8.self))")
            }
            results.append(
                Measurement.run(item.name, seconds: seconds) {
                    let response = application.handle(item.make(), store: store)
                    Sink.shared.consume(response.body.count)
                })
        }
        return results
    }

    /// `tasksPerUser` tasks for `user` and as many for each of `otherUsers` others, in one transaction.
    private static func seed(_ connection: SQLiteConnection, tasksPerUser: Int, otherUsers: Int) throws {
        let base = Int64(wallClockSeconds() * 1000) - Int64(tasksPerUser) * 1000
        try connection.write { connection throws(StorageError) in
            for owner in [user] + (0..<otherUsers).map({ "other-\($0)" }) {
                for index in 0..<tasksPerUser {
                    let created = base + Int64(index) * 1000
                    try connection.execute(
                        "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        [
                            .text(owner), .text("Task number \(index) to do"),
                            index % 4 == 0 ? .null : .text("Description of task \(index), with some words"),
                            .bool(index % 3 == 0), .integer(created), .integer(created),
                        ])
                }
            }
        }
    }
}

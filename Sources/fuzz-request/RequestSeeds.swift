import JOSE
import JSON

/// The committed seed corpus of fuzz-request (`fuzz-request --write-seeds DIR` writes it again): every route with
/// valid credentials, so that the fuzzer starts inside the handlers, and the usual refusals.
enum RequestSeeds {
    static func all() -> [(name: String, bytes: [UInt8])] {
        let signer = JWTSigner.hmac(secret: RequestFuzzer.secret)
        let alice = [RequestFuzzer.mintSubject] + Array("alice".utf8)
        let literal = Array("Bearer \(RequestFuzzer.token(signer, subject: "alice"))".utf8)
        let claims = JSONValue.object([
            "sub": .string("alice"), "exp": .number(RequestFuzzer.now + 60), "nbf": .number(RequestFuzzer.now - 1),
            "aud": .array([.string("todo")]), "iss": .string("https://issuer.example"),
        ])
        let payload = [RequestFuzzer.mintPayload] + claims.serialized
        func seed(_ name: String, _ method: String, _ uri: String, _ auth: [[UInt8]] = [], _ body: String = "")
            -> (name: String, bytes: [UInt8])
        {
            (name, RequestFuzzer.encode(method: method, uri: uri, authorization: auth, body: Array(body.utf8)))
        }
        let task = #"{"title":"Buy milk","description":"2 litres"}"#
        let fixture = RequestFuzzer.fixture
        let signIn = #"{"email":"\#(fixture.email)","password":"\#(fixture.password)"}"#
        let refresh = #"{"refresh_token":"\#(fixture.refreshToken)"}"#
        return [
            seed("health", "GET", "/api/health"),
            seed("list", "GET", "/api/alice/tasks", [alice]),
            seed("list-literal-token", "GET", "/api/alice/tasks", [literal]),
            seed("list-signed-payload", "GET", "/api/alice/tasks", [payload]),
            seed(
                "list-query", "GET", "/api/alice/tasks?status=pending&sort=-created&limit=20&offset=1&q=mi%25lk",
                [alice]),
            seed("list-sort-title", "GET", "/api/alice/tasks?sort=title&status=completed&limit=1000", [alice]),
            seed("list-bad-query", "GET", "/api/alice/tasks?limit=0&offset=-1&sort=nope&status=x", [alice]),
            seed("create", "POST", "/api/alice/tasks", [alice], task),
            seed("create-literal-token", "POST", "/api/alice/tasks", [literal], #"{"title":"  \u00e9clair  "}"#),
            seed("create-invalid", "POST", "/api/alice/tasks", [alice], #"{"title":"","description":7,"x":[1,{}]}"#),
            seed("create-duplicate-keys", "POST", "/api/alice/tasks", [alice], #"{"title":"a","title":"b"}"#),
            seed("get", "GET", "/api/alice/tasks/1", [alice]),
            seed("put", "PUT", "/api/alice/tasks/1", [alice], #"{"title":"x","description":null,"completed":true}"#),
            seed("patch", "PATCH", "/api/alice/tasks/1", [alice], #"{"description":null}"#),
            seed("patch-empty", "PATCH", "/api/alice/tasks/1", [alice], "{}"),
            seed("patch-completed-null", "PATCH", "/api/alice/tasks/1", [alice], #"{"completed":null}"#),
            seed("toggle", "PATCH", "/api/alice/tasks/1/complete", [alice]),
            seed("delete", "DELETE", "/api/alice/tasks/1", [alice]),
            seed("task-id-text", "GET", "/api/alice/tasks/abc", [alice]),
            seed("task-id-huge", "GET", "/api/alice/tasks/99999999999999999999", [alice]),
            seed("percent-path", "GET", "/api/al%69ce/tasks/%31", [alice]),
            seed("other-user", "GET", "/api/bob/tasks", [alice]),
            seed("two-credentials", "GET", "/api/alice/tasks", [alice, literal]),
            seed("no-credentials", "GET", "/api/alice/tasks"),
            seed("basic-scheme", "GET", "/api/alice/tasks", [Array("Basic YWxpY2U6cHc=".utf8)]),
            seed("bad-token", "GET", "/api/alice/tasks", [Array("Bearer a.b.c".utf8)]),
            seed("method", "TRACE", "/api/alice/tasks", [alice]),
            seed("not-found", "GET", "/api/alice/tasks/", [alice]),
            seed(
                "sign-up", "POST", "/api/auth/sign-up/email", [],
                #"{"name":"Bob","email":"bob@example.com","password":"correct horse"}"#),
            seed("sign-in", "POST", "/api/auth/sign-in/email", [], signIn),
            seed(
                "sign-in-wrong", "POST", "/api/auth/sign-in/email", [], #"{"email":"Alice@Example.com","password":"x"}"#
            ),
            seed("refresh", "POST", "/api/auth/refresh", [], refresh),
            seed("refresh-unknown", "POST", "/api/auth/refresh", [], #"{"refresh_token":"abc"}"#),
            seed("sign-out", "POST", "/api/auth/sign-out", [alice], refresh),
            seed("get-session", "GET", "/api/auth/get-session", [alice]),
            seed("delete-user", "POST", "/api/auth/delete-user", [alice], #"{"password":"correct horse battery"}"#),
            seed("jwks", "GET", "/api/auth/jwks"),
            seed("auth-unknown", "GET", "/api/auth/nope"),
        ]
    }
}

import JOSE
import JSON
import Testing
import TodoAPI

@Suite("401 and 403 on task routes")
struct AuthenticationTests {
    private static let routes = [
        ("GET", "/api/alice/tasks"), ("POST", "/api/alice/tasks"), ("GET", "/api/alice/tasks/1"),
        ("PUT", "/api/alice/tasks/1"), ("PATCH", "/api/alice/tasks/1"), ("DELETE", "/api/alice/tasks/1"),
        ("PATCH", "/api/alice/tasks/1/complete"),
    ]

    private func send(_ fixture: APIFixture, _ method: String, _ path: String, _ authorization: [String])
        -> APIResponse
    {
        fixture.handle(
            APIRequest(method: method, path: path, authorization: authorization, body: Array(#"{"title":"x"}"#.utf8)))
    }

    @Test("no Authorization header: 401 with a bare Bearer challenge", arguments: routes)
    func missingHeader(method: String, path: String) throws {
        let response = send(try APIFixture(), method, path, [])
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == "Bearer")
        #expect(response.text == #"{"detail":"Not authenticated"}"#)
    }

    @Test(
        "another scheme or no token: 401 with a bare Bearer challenge",
        arguments: ["Basic YWxpY2U6cHc=", "Token abc", "Bearer", "Bearer ", "", "Bearerabc", "Bearer a b"])
    func wrongScheme(header: String) throws {
        let response = send(try APIFixture(), "GET", "/api/alice/tasks", [header])
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == "Bearer")
    }

    @Test("the scheme is case-insensitive", arguments: ["bearer", "BEARER", "BeArEr"])
    func schemeCase(scheme: String) throws {
        let response = send(try APIFixture(), "GET", "/api/alice/tasks", [scheme + " " + APIFixture.token()])
        #expect(response.status == 200)
    }

    @Test("two Authorization headers: 401, even when both are valid")
    func twoHeaders() throws {
        let token = "Bearer " + APIFixture.token()
        let response = send(try APIFixture(), "GET", "/api/alice/tasks", [token, token])
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(response.header("WWW-Authenticate") == #"Bearer error="invalid_request""#)
        #expect(!response.text.contains(APIFixture.token()))
    }

    private static let rejectedTokens: [String] = [
        "abc.def.ghi",
        "not-a-jwt",
        JWTSigner.hmac(secret: Array("another-secret-of-at-least-32-bytes!".utf8)).sign(claims: [
            "sub": .string("alice"), "exp": .number(APIFixture.start + 900),
        ]),
        APIFixture.token(claims: ["exp": .number(APIFixture.start - 61)]),
        APIFixture.token(claims: ["nbf": .number(APIFixture.start + 3600)]),
        JWTSigner.hmac(secret: APIFixture.secret).sign(claims: ["sub": .string("alice")]),
        JWTSigner.hmac(secret: APIFixture.secret).sign(claims: ["sub": .string(""), "exp": .number(2e9)]),
        APIFixture.token().split(separator: ".").prefix(2).joined(separator: ".") + ".",
        "eyJhbGciOiJub25lIn0." + Base64URL.encode(Array(#"{"sub":"alice","exp":2000000000}"#.utf8)) + ".",
    ]

    @Test("a token that fails verification: 401 with error=\"invalid_token\"", arguments: rejectedTokens)
    func rejectedToken(token: String) throws {
        let response = send(try APIFixture(), "GET", "/api/alice/tasks", ["Bearer " + token])
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == #"Bearer error="invalid_token""#)
        #expect(response.json?["detail"]?.stringValue?.hasPrefix("Invalid token: ") == true)
        #expect(!response.text.contains(token))
    }

    @Test("a token within the leeway after exp is accepted")
    func leeway() throws {
        let token = APIFixture.token(claims: ["exp": .number(APIFixture.start - 30)])
        #expect(send(try APIFixture(), "GET", "/api/alice/tasks", ["Bearer " + token]).status == 200)
    }

    @Test("a token in the query string is not a credential")
    func tokenInQuery() throws {
        let fixture = try APIFixture()
        let token = APIFixture.token()
        for query in ["access_token=" + token, "token=" + token, "authorization=Bearer%20" + token] {
            let response = fixture.handle(APIRequest(method: "GET", path: "/api/alice/tasks", query: query))
            #expect(response.status == 401)
        }
    }

    @Test("a path user other than the token's subject: 403", arguments: routes)
    func otherUser(method: String, path: String) throws {
        let fixture = try APIFixture()
        let response = send(fixture, method, path, ["Bearer " + APIFixture.token("bob")])
        #expect(response.status == 403)
        #expect(response.text == #"{"detail":"Not allowed to access another user's tasks"}"#)
        #expect(response.header("WWW-Authenticate") == nil)
    }

    @Test("the user id match is exact: case and trailing spaces differ")
    func exactUserMatch() throws {
        let fixture = try APIFixture()
        #expect(fixture.send("GET", "/api/Alice/tasks").status == 403)
        #expect(fixture.send("GET", "/api/alice%20/tasks").status == 403)
    }

    /// Swift's String `==` is canonical equivalence: "é" precomposed equals "e" + U+0301. The user in the path must
    /// be the token's subject byte for byte, as FastAPI's string comparison has it.
    @Test("the user id match is byte for byte: canonically equivalent spellings differ")
    func canonicalEquivalentsDiffer() throws {
        let fixture = try APIFixture()
        #expect(fixture.send("GET", "/api/e%CC%81/tasks", as: "\u{E9}").status == 403)
        #expect(fixture.send("GET", "/api/%C3%A9/tasks", as: "e\u{301}").status == 403)
        #expect(fixture.send("GET", "/api/%C3%A9/tasks", as: "\u{E9}").status == 200)
    }
}

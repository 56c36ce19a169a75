import Testing
import TodoAPI

@Suite("Routing: 404 for unknown paths, percent-decoded segments")
struct RoutingTests {
    @Test(
        "paths that name no route are 404, before authentication",
        arguments: [
            "/", "/api", "/api/", "/apix/health", "/API/health", "/api/health/", "/api//health", "/api/alice",
            "/api/alice/", "/api/alice/tasks/", "/api//tasks", "/api/alice//tasks", "/api/alice/task",
            "/api/alice/tasks//1", "/api/alice/tasks/1/", "/api/alice/tasks/1/done", "/api/alice/tasks/1/complete/",
            "/api/alice/tasks/1/complete/x", "/api/alice%ZZ/tasks", "/api/alice%/tasks", "/api/alice%4/tasks",
            "/api/%FF/tasks", "/api/%C3/tasks", "api/health", "",
        ])
    func unknownPaths(path: String) throws {
        let fixture = try APIFixture()
        for user in [nil, "alice"] {
            let response = fixture.handle(
                APIRequest(
                    method: "GET", path: path, authorization: user.map { ["Bearer " + APIFixture.token($0)] } ?? []))
            #expect(response.status == 404)
            #expect(response.text == #"{"detail":"Not Found"}"#)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("WWW-Authenticate") == nil)
        }
    }

    @Test(
        "paths below /api/auth/ that name no endpoint are 404 in Better Auth's shape, malformed ones too",
        arguments: [
            "/api/auth/", "/api/auth/jwks/", "/api/auth/sign-in/email/", "/api/auth//jwks", "/api/auth/x",
            "/api/auth/%ZZ", "/api/auth/sign-in",
        ])
    func unknownAuthPaths(path: String) throws {
        let response = try APIFixture().handle(APIRequest(method: "GET", path: path))
        #expect(response.status == 404)
        #expect(response.text == #"{"code":"NOT_FOUND","message":"Not Found"}"#)
    }

    @Test(
        "Route.match names each route with its decoded segments",
        arguments: [
            ("/api/health", Route.health),
            ("/api/alice/tasks", .tasks(user: "alice")),
            ("/api/alice/tasks/7", .task(user: "alice", id: "7")),
            ("/api/alice/tasks/7/complete", .taskCompletion(user: "alice", id: "7")),
            ("/api/a%20b%2Fc/tasks", .tasks(user: "a b/c")),
            ("/api/%C3%A9/tasks/x%2B1", .task(user: "é", id: "x+1")),
            ("/api/a+b/tasks", .tasks(user: "a+b")),
        ])
    func match(path: String, route: Route) {
        #expect(Route.match(path: path) == route)
    }

    @Test("a percent-encoded user id is compared decoded with the token's subject")
    func percentDecodedUser() throws {
        let fixture = try APIFixture()
        #expect(fixture.send("GET", "/api/al%69ce/tasks").status == 200)
        #expect(fixture.send("GET", "/api/a%20b%2Fc/tasks", as: "a b/c").status == 200)
        #expect(fixture.send("GET", "/api/a%20b/tasks", as: "a+b").status == 403)
    }

    @Test("Location percent-encodes the owner as one path segment")
    func locationEncoding() throws {
        let fixture = try APIFixture()
        let response = fixture.send("POST", "/api/a%20b%2Fc/tasks", #"{"title":"x"}"#, as: "a b/c")
        #expect(response.status == 201)
        #expect(response.header("Location") == "/api/a%20b%2Fc/tasks/1")
        #expect(response.json?["user_id"] == .string("a b/c"))
    }

    @Test("a query string does not change the route")
    func queryIgnoredByRouting() throws {
        let fixture = try APIFixture()
        #expect(fixture.send("GET", "/api/health?x=1", as: nil).status == 200)
        #expect(fixture.send("GET", "/api/alice/tasks?").status == 200)
    }

    @Test("splitURI cuts at the first question mark")
    func splitURI() {
        #expect(APIRequest.splitURI("/a/b?c=d?e") == ("/a/b", "c=d?e"))
        #expect(APIRequest.splitURI("/a") == ("/a", ""))
        #expect(APIRequest.splitURI("/a?") == ("/a", ""))
    }
}

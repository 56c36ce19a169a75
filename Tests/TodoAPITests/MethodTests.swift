import Testing
import TodoAPI

@Suite("405 with Allow")
struct MethodTests {
    @Test(
        "a known route with another method is 405 listing the allowed methods, before authentication",
        arguments: [
            ("POST", "/api/health", "GET"),
            ("DELETE", "/api/alice/tasks", "GET, POST"),
            ("PUT", "/api/alice/tasks", "GET, POST"),
            ("POST", "/api/alice/tasks/1", "GET, PUT, PATCH, DELETE"),
            ("HEAD", "/api/alice/tasks/1", "GET, PUT, PATCH, DELETE"),
            ("GET", "/api/alice/tasks/1/complete", "PATCH"),
            ("POST", "/api/alice/tasks/1/complete", "PATCH"),
            ("get", "/api/health", "GET"),
            ("OPTIONS", "/api/bob/tasks", "GET, POST"),
        ])
    func methodNotAllowed(method: String, path: String, allow: String) throws {
        let fixture = try APIFixture()
        for user in [nil, "alice"] {
            let response = fixture.send(method, path, as: user)
            #expect(response.status == 405)
            #expect(response.header("Allow") == allow)
            #expect(response.text == #"{"detail":"Method Not Allowed"}"#)
        }
    }

    @Test("405 is answered before a too-large body is considered")
    func methodBeforeSize() throws {
        let fixture = try APIFixture()
        let response = fixture.handle(APIRequest(method: "PUT", path: "/api/alice/tasks", bodyTooLarge: true))
        #expect(response.status == 405)
    }
}

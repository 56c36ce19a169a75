import Testing
import TodoAPI

@Suite("413 for a too-large body; health")
struct LimitsAndHealthTests {
    @Test(
        "a body over the transport's limit is 413 on every route that takes one, with or without a token",
        arguments: [("POST", "/api/alice/tasks"), ("PUT", "/api/alice/tasks/1"), ("PATCH", "/api/alice/tasks/1")])
    func payloadTooLarge(method: String, path: String) throws {
        let fixture = try APIFixture()
        for authorization in [[], ["Bearer " + APIFixture.token()]] {
            let request = APIRequest(method: method, path: path, authorization: authorization, bodyTooLarge: true)
            let response = fixture.handle(request)
            #expect(response.status == 413)
            #expect(response.text == #"{"detail":"Request body too large"}"#)
        }
        #expect(try fixture.store.get(owner: "alice", id: 1) == nil)
    }

    @Test("health answers 200 without a token")
    func health() throws {
        let fixture = try APIFixture()
        let response = fixture.send("GET", "/api/health", as: nil)
        #expect(response.status == 200)
        #expect(response.text == #"{"status":"ok"}"#)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("Cache-Control") == "no-store")
    }

    @Test("health ignores a bad token")
    func healthIgnoresToken() throws {
        let fixture = try APIFixture()
        let request = APIRequest(method: "GET", path: "/api/health", authorization: ["Bearer nonsense", "Basic x"])
        #expect(fixture.handle(request).status == 200)
    }
}

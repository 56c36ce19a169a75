import Testing
import TodoAPI

@Suite("A missing task and another user's task give the same 404")
struct NotFoundTests {
    @Test(
        "byte for byte on every task route",
        arguments: [
            ("GET", ""), ("PUT", #"{"title":"mine now"}"#), ("PATCH", #"{"title":"mine now"}"#), ("DELETE", ""),
            ("PATCH", "complete"),
        ])
    func sameResponse(method: String, body: String) throws {
        let fixture = try APIFixture()
        let bobsTask = try fixture.create("bob's secret", as: "bob")
        let suffix = body == "complete" ? "/complete" : ""
        let requestBody = body == "complete" ? nil : body
        let foreign = fixture.send(method, "/api/alice/tasks/\(bobsTask)\(suffix)", requestBody)
        let missing = fixture.send(method, "/api/alice/tasks/999\(suffix)", requestBody)
        #expect(foreign.status == 404)
        #expect(foreign.text == #"{"detail":"Task not found"}"#)
        #expect(foreign.body == missing.body)
        #expect(foreign.headerPairs == missing.headerPairs)
        let untouched = fixture.send("GET", "/api/bob/tasks/\(bobsTask)", as: "bob")
        #expect(untouched.json?["title"] == .string("bob's secret"))
        #expect(untouched.json?["completed"] == .bool(false))
    }

    @Test("ids that cannot name a row are the same 404", arguments: ["0", "-1", "-0", "99999999999999999999"])
    func impossibleIDs(id: String) throws {
        let fixture = try APIFixture()
        let impossible = fixture.send("GET", "/api/alice/tasks/\(id)")
        let missing = fixture.send("GET", "/api/alice/tasks/999")
        #expect(impossible.status == 404)
        #expect(impossible.body == missing.body)
        #expect(impossible.headerPairs == missing.headerPairs)
    }

    @Test("a task 404 differs from the unknown-route 404 only in its detail")
    func taskVersusRoute() throws {
        let fixture = try APIFixture()
        #expect(fixture.send("GET", "/api/alice/tasks/1").text == #"{"detail":"Task not found"}"#)
        #expect(fixture.send("GET", "/api/alice/nothing").text == #"{"detail":"Not Found"}"#)
    }
}

import JSON
import Testing
import TodoAPI

@Suite("GET /tasks: filters, order, paging and query validation")
struct ListQueryTests {
    /// Three tasks, created a second apart: "banana" (completed), "Apple pie", "cherry".
    private func fixtureWithTasks() throws -> APIFixture {
        let fixture = try APIFixture()
        for title in ["banana", "Apple pie", "cherry"] {
            try fixture.create(title)
            fixture.advance(seconds: 1)
        }
        _ = fixture.send("PATCH", "/api/alice/tasks/1", #"{"completed":true,"description":"yellow FRUIT"}"#)
        try fixture.create("someone else's banana", as: "bob")
        return fixture
    }

    private func titles(_ fixture: APIFixture, _ query: String) -> [String]? {
        let response = fixture.send("GET", "/api/alice/tasks?" + query)
        guard response.status == 200 else { return nil }
        return response.json?.arrayValue?.compactMap { $0["title"]?.stringValue }
    }

    @Test(
        "status, sort, q, limit and offset select and order the owner's tasks",
        arguments: [
            ("", ["cherry", "Apple pie", "banana"]),
            ("sort=-created", ["cherry", "Apple pie", "banana"]),
            ("sort=created", ["banana", "Apple pie", "cherry"]),
            ("sort=title", ["Apple pie", "banana", "cherry"]),
            ("sort=-title", ["cherry", "banana", "Apple pie"]),
            ("sort=-updated", ["banana", "cherry", "Apple pie"]),
            ("sort=updated", ["Apple pie", "cherry", "banana"]),
            ("status=all", ["cherry", "Apple pie", "banana"]),
            ("status=pending", ["cherry", "Apple pie"]),
            ("status=completed", ["banana"]),
            ("q=APPLE", ["Apple pie"]),
            ("q=fruit", ["banana"]),
            ("q=apple+pie", ["Apple pie"]),
            ("q=apple%20pie", ["Apple pie"]),
            ("q=", ["cherry", "Apple pie", "banana"]),
            ("q=zzz", []),
            ("limit=1", ["cherry"]),
            ("limit=2&offset=1", ["Apple pie", "banana"]),
            ("offset=3", []),
            ("limit=1000&offset=0", ["cherry", "Apple pie", "banana"]),
            ("status=completed&status=all", ["cherry", "Apple pie", "banana"]),
            ("sort=title&unknown=1&limit=2", ["Apple pie", "banana"]),
        ])
    func listing(query: String, expected: [String]) throws {
        #expect(titles(try fixtureWithTasks(), query) == expected)
    }

    @Test(
        "a bad value is 422 at query.<name>",
        arguments: [
            ("status=done", ["literal_error@query.status"]), ("status=", ["literal_error@query.status"]),
            ("status=ALL", ["literal_error@query.status"]), ("sort=name", ["literal_error@query.sort"]),
            ("sort=+title", ["literal_error@query.sort"]), ("limit=0", ["greater_than_equal@query.limit"]),
            ("limit=1001", ["less_than_equal@query.limit"]), ("limit=abc", ["int_parsing@query.limit"]),
            ("limit=", ["int_parsing@query.limit"]), ("limit=1.5", ["int_parsing@query.limit"]),
            ("limit=99999999999999999999", ["int_parsing@query.limit"]),
            ("offset=-1", ["greater_than_equal@query.offset"]), ("offset=x", ["int_parsing@query.offset"]),
            ("status=%ZZ", ["string_type@query.status"]),
            ("q=" + String(repeating: "q", count: 201), ["string_too_long@query.q"]),
            (
                "limit=0&offset=-1&sort=x",
                [
                    "literal_error@query.sort", "greater_than_equal@query.limit",
                    "greater_than_equal@query.offset",
                ]
            ),
        ])
    func badQuery(query: String, issues: [String]) throws {
        let fixture = try APIFixture()
        #expect(issueSummary(fixture.send("GET", "/api/alice/tasks?" + query)) == issues)
    }

    @Test("the limit message names the maximum")
    func limitMessage() throws {
        let response = try APIFixture().send("GET", "/api/alice/tasks?limit=1001")
        #expect(
            response.text
                == #"{"detail":[{"type":"less_than_equal","loc":["query","limit"],"#
                + #""msg":"Input should be less than or equal to 1000"}]}"#)
    }

    @Test("a list never holds another user's tasks")
    func ownerOnly() throws {
        let fixture = try fixtureWithTasks()
        let tasks = fixture.send("GET", "/api/bob/tasks", as: "bob").json?.arrayValue ?? []
        #expect(tasks.map { $0["user_id"] } == [.string("bob")])
    }
}

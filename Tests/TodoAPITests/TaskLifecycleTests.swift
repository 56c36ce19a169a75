import JSON
import Testing
import TodoAPI

@Suite("Create, read, replace, update, complete and delete a task")
struct TaskLifecycleTests {
    private static func task(
        id: Int = 1, title: String, description: String? = nil, completed: Bool = false,
        created: String = "2026-01-11T09:30:00.000Z", updated: String = "2026-01-11T09:30:00.000Z"
    ) -> String {
        let describedAs = description.map { "\"\($0)\"" } ?? "null"
        return #"{"id":\#(id),"user_id":"alice","title":"\#(title)","description":\#(describedAs),"#
            + #""completed":\#(completed),"created_at":"\#(created)","updated_at":"\#(updated)"}"#
    }

    @Test("the whole lifecycle, body by body")
    func lifecycle() throws {
        let fixture = try APIFixture()
        let created = fixture.send(
            "POST", "/api/alice/tasks",
            #"{"title":"  Buy milk  ","description":"2 litres","id":99,"user_id":"mallory","completed":true,"#
                + #""created_at":"2000-01-01T00:00:00.000Z","extra":[1]}"#)
        #expect(created.status == 201)
        #expect(created.header("Location") == "/api/alice/tasks/1")
        #expect(created.header("Content-Type") == "application/json")
        #expect(created.header("Cache-Control") == "no-store")
        #expect(created.text == Self.task(title: "Buy milk", description: "2 litres"))

        let read = fixture.send("GET", "/api/alice/tasks/1")
        #expect(read.status == 200)
        #expect(read.text == created.text)
        #expect(fixture.send("GET", "/api/alice/tasks").text == "[" + created.text + "]")

        fixture.advance(seconds: 1.5)
        let replaced = fixture.send("PUT", "/api/alice/tasks/1", #"{"title":"Buy oat milk","completed":true}"#)
        #expect(replaced.status == 200)
        #expect(
            replaced.text
                == Self.task(title: "Buy oat milk", completed: true, updated: "2026-01-11T09:30:01.500Z"))

        fixture.advance(seconds: 1)
        let patched = fixture.send("PATCH", "/api/alice/tasks/1", #"{"description":"oat"}"#)
        #expect(patched.status == 200)
        #expect(
            patched.text
                == Self.task(
                    title: "Buy oat milk", description: "oat", completed: true, updated: "2026-01-11T09:30:02.500Z"))

        fixture.advance(seconds: 1)
        let toggled = fixture.send("PATCH", "/api/alice/tasks/1/complete")
        #expect(toggled.status == 200)
        #expect(
            toggled.text
                == Self.task(
                    title: "Buy oat milk", description: "oat", completed: false, updated: "2026-01-11T09:30:03.500Z"))
        #expect(fixture.send("PATCH", "/api/alice/tasks/1/complete").json?["completed"] == .bool(true))

        let deleted = fixture.send("DELETE", "/api/alice/tasks/1")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(deleted.header("Content-Type") == nil)
        #expect(deleted.header("Cache-Control") == "no-store")
        #expect(fixture.send("GET", "/api/alice/tasks/1").status == 404)
        #expect(fixture.send("DELETE", "/api/alice/tasks/1").status == 404)
        #expect(fixture.send("GET", "/api/alice/tasks").text == "[]")
    }

    @Test("POST ignores completed; ids increase")
    func createIgnoresCompleted() throws {
        let fixture = try APIFixture()
        let first = fixture.send("POST", "/api/alice/tasks", #"{"title":"a","completed":"not even a bool"}"#)
        #expect(first.status == 201)
        #expect(first.json?["completed"] == .bool(false))
        #expect(first.json?["description"] == .null)
        let second = fixture.send("POST", "/api/alice/tasks", #"{"title":"b","description":null}"#)
        #expect(second.json?["id"] == .number(2))
        #expect(second.header("Location") == "/api/alice/tasks/2")
    }

    @Test("PUT without description sets it to null and keeps completed when not given")
    func replaceClearsDescription() throws {
        let fixture = try APIFixture()
        try fixture.create("x")
        _ = fixture.send("PATCH", "/api/alice/tasks/1", #"{"description":"d","completed":true}"#)
        let replaced = fixture.send("PUT", "/api/alice/tasks/1", #"{"title":"y"}"#)
        #expect(replaced.json?["description"] == .null)
        #expect(replaced.json?["completed"] == .bool(true))
        #expect(replaced.json?["title"] == .string("y"))
    }

    @Test("PATCH changes only the fields it names; null clears the description")
    func patchNamedFieldsOnly() throws {
        let fixture = try APIFixture()
        _ = fixture.send("POST", "/api/alice/tasks", #"{"title":"t","description":"d"}"#)
        let completed = fixture.send("PATCH", "/api/alice/tasks/1", #"{"completed":true}"#)
        #expect(completed.json?["title"] == .string("t"))
        #expect(completed.json?["description"] == .string("d"))
        let cleared = fixture.send("PATCH", "/api/alice/tasks/1", #"{"description":null}"#)
        #expect(cleared.json?["description"] == .null)
        #expect(cleared.json?["completed"] == .bool(true))
        let retitled = fixture.send("PATCH", "/api/alice/tasks/1", #"{"title":" u "}"#)
        #expect(retitled.json?["title"] == .string("u"))
    }

    @Test("PATCH with no known field returns the task unchanged")
    func emptyPatch() throws {
        let fixture = try APIFixture()
        try fixture.create("x")
        let before = fixture.send("GET", "/api/alice/tasks/1").text
        fixture.advance(seconds: 5)
        let patched = fixture.send("PATCH", "/api/alice/tasks/1", #"{"unknown":1,"id":7}"#)
        #expect(patched.status == 200)
        #expect(patched.text == before)
    }

    @Test("updated_at moves forward even when the clock does not")
    func updatedAtMoves() throws {
        let fixture = try APIFixture()
        try fixture.create("x")
        let first = fixture.send("PATCH", "/api/alice/tasks/1/complete").json?["updated_at"]?.stringValue
        let second = fixture.send("PATCH", "/api/alice/tasks/1/complete").json?["updated_at"]?.stringValue
        #expect(first == "2026-01-11T09:30:00.001Z")
        #expect(second == "2026-01-11T09:30:00.002Z")
    }
}

import Testing
import TodoAPI

@Suite("422 bodies in FastAPI's shape")
struct ValidationTests {
    @Test("a missing title: the full body")
    func missingTitleBody() throws {
        let response = try APIFixture().send("POST", "/api/alice/tasks", #"{"description":"d"}"#)
        #expect(response.status == 422)
        #expect(response.text == #"{"detail":[{"type":"missing","loc":["body","title"],"msg":"Field required"}]}"#)
        #expect(response.header("Content-Type") == "application/json")
    }

    @Test(
        "title problems on POST and PUT",
        arguments: [
            ("{}", "missing@body.title"), (#"{"title":null}"#, "string_type@body.title"),
            (#"{"title":5}"#, "string_type@body.title"), (#"{"title":["a"]}"#, "string_type@body.title"),
            (#"{"title":""}"#, "string_too_short@body.title"), (#"{"title":"  \t\n "}"#, "string_too_short@body.title"),
            (#"{"title":"\u3000\u00a0"}"#, "string_too_short@body.title"),
            (#"{"title":"\#(String(repeating: "a", count: 201))"}"#, "string_too_long@body.title"),
            (#"{"title":"\#(String(repeating: "😀", count: 201))"}"#, "string_too_long@body.title"),
            (#"{"title":"\#(String(repeating: "e\u{301}", count: 101))"}"#, "string_too_long@body.title"),
        ])
    func titleIssues(body: String, issue: String) throws {
        let fixture = try APIFixture()
        try fixture.create("existing")
        #expect(issueSummary(fixture.send("POST", "/api/alice/tasks", body)) == [issue])
        #expect(issueSummary(fixture.send("PUT", "/api/alice/tasks/1", body)) == [issue])
    }

    @Test("the string_too_long message names the limit")
    func tooLongMessage() throws {
        let response = try APIFixture().send(
            "POST", "/api/alice/tasks", #"{"title":"\#(String(repeating: "a", count: 201))"}"#)
        #expect(
            response.json?["detail"]?.arrayValue?.first?["msg"] == .string("String should have at most 200 characters"))
    }

    @Test(
        "titles at the limit, counted in Unicode scalars after trimming, are accepted",
        arguments: [
            (String(repeating: "😀", count: 200), String(repeating: "😀", count: 200)),
            (String(repeating: "a", count: 200), String(repeating: "a", count: 200)),
            ("  " + String(repeating: "b", count: 200) + "\u{3000}", String(repeating: "b", count: 200)),
            (String(repeating: "e\u{301}", count: 100), String(repeating: "e\u{301}", count: 100)),
            ("\u{2003}x\u{85}", "x"),
        ])
    func titleAtLimit(title: String, stored: String) throws {
        let fixture = try APIFixture()
        let response = fixture.send("POST", "/api/alice/tasks", #"{"title":"\#(title)"}"#)
        #expect(response.status == 201)
        let returned = response.json?["title"]?.stringValue ?? ""
        #expect(returned.unicodeScalars.elementsEqual(stored.unicodeScalars))
    }

    @Test(
        "description, completed and several problems at once",
        arguments: [
            ("PUT", #"{"title":"t","description":5}"#, ["string_type@body.description"]),
            (
                "PUT", #"{"title":"t","description":"\#(String(repeating: "d", count: 1001))"}"#,
                ["string_too_long@body.description"]
            ),
            ("PUT", #"{"title":"t","completed":"yes"}"#, ["bool_type@body.completed"]),
            ("PUT", #"{"title":"t","completed":1}"#, ["bool_type@body.completed"]),
            ("PUT", #"{"title":"t","completed":null}"#, ["bool_type@body.completed"]),
            (
                "PUT", #"{"title":5,"description":6,"completed":"x"}"#,
                ["string_type@body.title", "string_type@body.description", "bool_type@body.completed"]
            ),
            ("PATCH", #"{"title":""}"#, ["string_too_short@body.title"]),
            ("PATCH", #"{"title":null}"#, ["string_type@body.title"]),
            ("PATCH", #"{"completed":"true"}"#, ["bool_type@body.completed"]),
            (
                "PATCH", #"{"description":["x"],"completed":0}"#,
                ["string_type@body.description", "bool_type@body.completed"]
            ),
            ("POST", #"{"description":false}"#, ["missing@body.title", "string_type@body.description"]),
        ])
    func fieldIssues(method: String, body: String, issues: [String]) throws {
        let fixture = try APIFixture()
        try fixture.create("existing")
        let path = method == "POST" ? "/api/alice/tasks" : "/api/alice/tasks/1"
        #expect(issueSummary(fixture.send(method, path, body)) == issues)
        #expect(fixture.send("GET", "/api/alice/tasks/1").json?["title"] == .string("existing"))
    }

    @Test("a description of 1000 characters (emoji count as one) is accepted")
    func descriptionAtLimit() throws {
        let description = String(repeating: "😀", count: 1000)
        let response = try APIFixture().send(
            "POST", "/api/alice/tasks", #"{"title":"t","description":"\#(description)"}"#)
        #expect(response.status == 201)
        #expect(response.json?["description"] == .string(description))
    }

    @Test(
        "a body that is not JSON: json_invalid at the byte offset",
        arguments: [
            (#"{"title":}"#, "json_invalid@body.9"), (#"{"title":"a"} x"#, "json_invalid@body.14"),
            (#"{"title":"a","title":"b"}"#, "json_invalid@body.13"), ("{", "json_invalid@body.1"),
            ("title=a", "json_invalid@body.0"), (#"{"title":"a\#u{1}"}"#, "json_invalid@body.11"),
        ])
    func jsonInvalid(body: String, issue: String) throws {
        let fixture = try APIFixture()
        try fixture.create("existing")
        for (method, path) in [
            ("POST", "/api/alice/tasks"), ("PUT", "/api/alice/tasks/1"), ("PATCH", "/api/alice/tasks/1"),
        ] {
            #expect(issueSummary(fixture.send(method, path, body)) == [issue])
        }
    }

    @Test("json_invalid carries the parser's reason, never the body")
    func jsonInvalidMessage() throws {
        let response = try APIFixture().send("POST", "/api/alice/tasks", #"{"title":"secret",}"#)
        #expect(
            response.text
                == #"{"detail":[{"type":"json_invalid","loc":["body",18],"msg":"JSON decode error: expected a key"}]}"#)
    }

    @Test("invalid UTF-8 in the body is json_invalid")
    func invalidUTF8() throws {
        let fixture = try APIFixture()
        let body = Array(#"{"title":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let response = fixture.handle(
            APIRequest(
                method: "POST", path: "/api/alice/tasks", authorization: ["Bearer " + APIFixture.token()], body: body))
        #expect(issueSummary(response) == ["json_invalid@body.10"])
    }

    @Test(
        "a body that is JSON but not an object: model_attributes_type",
        arguments: ["[]", #""x""#, "42", "null", "true"])
    func notAnObject(body: String) throws {
        let fixture = try APIFixture()
        try fixture.create("existing")
        #expect(issueSummary(fixture.send("POST", "/api/alice/tasks", body)) == ["model_attributes_type@body"])
        #expect(issueSummary(fixture.send("PATCH", "/api/alice/tasks/1", body)) == ["model_attributes_type@body"])
    }

    @Test("an empty or blank body: missing at body", arguments: ["", " ", "\r\n\t"])
    func emptyBody(body: String) throws {
        let fixture = try APIFixture()
        try fixture.create("existing")
        #expect(issueSummary(fixture.send("POST", "/api/alice/tasks", body)) == ["missing@body"])
        #expect(issueSummary(fixture.send("PUT", "/api/alice/tasks/1", body)) == ["missing@body"])
        #expect(issueSummary(fixture.send("PATCH", "/api/alice/tasks/1", body)) == ["missing@body"])
    }

    @Test(
        "a task id that is not an integer: int_parsing at path.task_id",
        arguments: ["abc", "1.5", "+1", "-", "1e3", "0x1"])
    func badTaskID(id: String) throws {
        let response = try APIFixture().send("GET", "/api/alice/tasks/\(id)")
        #expect(issueSummary(response) == ["int_parsing@path.task_id"])
    }

    @Test("validation comes after authentication")
    func afterAuthentication() throws {
        let fixture = try APIFixture()
        #expect(fixture.send("POST", "/api/alice/tasks", "{", as: nil).status == 401)
        #expect(fixture.send("POST", "/api/alice/tasks", "{", as: "bob").status == 403)
        #expect(fixture.send("GET", "/api/alice/tasks?limit=0", as: nil).status == 401)
    }
}

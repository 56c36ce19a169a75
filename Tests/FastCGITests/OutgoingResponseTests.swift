import FastCGI
import Testing

@Suite("OutgoingResponse.headBytes")
struct OutgoingResponseTests {
    private func head(_ status: Int, _ reason: String, _ headers: [(name: String, value: String)], _ body: String)
        -> String
    {
        let response = OutgoingResponse(status: status, reason: reason, headers: headers, body: Array(body.utf8))
        return String(decoding: response.headBytes(), as: UTF8.self)
    }

    @Test("a Status line, the headers in order, Content-Length in bytes, then a blank line")
    func withBody() {
        let text = head(
            200, "OK", [("Content-Type", "application/json"), ("Cache-Control", "no-store")], #"{"a":"é"}"#)
        #expect(
            text == "Status: 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
                + "Content-Length: 10\r\n\r\n")
    }

    @Test("204 has no Content-Length")
    func noContent() {
        #expect(
            head(204, "No Content", [("Cache-Control", "no-store")], "")
                == "Status: 204 No Content\r\nCache-Control: no-store\r\n\r\n")
    }

    @Test("an empty body on another status still says Content-Length: 0")
    func emptyBody() {
        #expect(head(404, "Not Found", [], "") == "Status: 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        #expect(head(405, "Method Not Allowed", [("Allow", "GET, POST")], "").contains("Allow: GET, POST\r\n"))
    }

    @Test("the body is not part of the head")
    func bodyExcluded() {
        #expect(!head(200, "OK", [], "payload").contains("payload"))
    }
}

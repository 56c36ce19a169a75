import Testing
import TodoAPI

/// The CGI `Status:` line carries the standard reason phrase of every status the API answers; nginx passes it on.
@Suite("APIResponse.reasonPhrase")
struct ReasonPhraseTests {
    @Test(
        arguments: [
            (200, "OK"), (201, "Created"), (204, "No Content"), (302, "Found"), (400, "Bad Request"),
            (401, "Unauthorized"), (403, "Forbidden"), (404, "Not Found"), (405, "Method Not Allowed"),
            (413, "Content Too Large"), (422, "Unprocessable Content"), (429, "Too Many Requests"),
            (500, "Internal Server Error"), (503, "Service Unavailable"),
        ])
    func standardPhrase(status: Int, phrase: String) {
        #expect(APIResponse.reasonPhrase(status) == phrase)
    }
}

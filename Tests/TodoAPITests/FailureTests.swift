import Storage
import Synchronization
import Testing
import TodoAPI

@Suite("Store failures become 503, 409 or 500 without details, mapped in one place")
struct FailureTests {
    private static let secretSQL = "UPDATE tasks SET title = 'hunter2' WHERE user_id = ?"
    private static let diskGone = StorageError(.unavailable, "disk gone")
    private static let locked = StorageError(.busy, "SQLite error 5 (database is locked) in `\(secretSQL)`")
    private static let constraint = StorageError(.constraint, "SQLite error 19 (constraint failed) in `\(secretSQL)`")
    private static let corrupt = StorageError(
        .failure, "SQLite error 11 (database disk image is malformed) in `\(secretSQL)`")

    private func answer(
        _ method: String, _ target: String, _ body: String, store: any TaskStore, requestID: String = "-"
    ) -> (response: APIResponse, log: [String]) {
        let (response, logged) = answerLogging(method, target, body, store: store, requestID: requestID)
        return (response, logged.map(\.line))
    }

    /// The response, and each line the application logged with the context it came with.
    private func answerLogging(
        _ method: String, _ target: String, _ body: String, store: any TaskStore, requestID: String
    ) -> (response: APIResponse, log: [(context: RequestContext, line: String)]) {
        let log = Mutex<[(context: RequestContext, line: String)]>([])
        let application = TodoApplication(
            authenticator: APIFixture.authenticator(), clock: { APIFixture.start },
            log: { context, line in log.withLock { $0.append((context, line)) } })
        let (path, query) = APIRequest.splitURI(target)
        let request = APIRequest(
            method: method, path: path, query: query, authorization: ["Bearer " + APIFixture.token()],
            body: Array(body.utf8), requestID: requestID)
        let response = application.handle(request, store: store)
        return (response, log.withLock { $0 })
    }

    @Test(
        "a failure is logged with the request's id and the clock reading the request was answered at",
        arguments: [
            (diskGone, "GET", "/api/alice/tasks", 503, "error: store unavailable: "),
            (locked, "POST", "/api/alice/tasks", 503, "error: database busy: "),
            (constraint, "DELETE", "/api/alice/tasks/1", 409, "error: constraint refused the change: "),
            (corrupt, "PATCH", "/api/alice/tasks/1/complete", 500, "error: unexpected failure: "),
            (diskGone, "GET", "/api/health", 503, "error: health check failed: "),
        ])
    func failureCarriesRequestID(error: StorageError, method: String, path: String, status: Int, prefix: String) {
        let id = "4f1c2e0a9b8d7c6e5f4a3b2c1d0e9f8a"
        let (response, log) = answerLogging(
            method, path, #"{"title":"x"}"#, store: FailingTaskStore(error), requestID: id)
        #expect(response.status == status)
        #expect(log.count == 1)
        #expect(log.first?.context == RequestContext(requestID: id, now: APIFixture.start))
        #expect(log.first?.line.hasPrefix(prefix) == true, "\(log)")
    }

    @Test("health is 503 when the database does not answer")
    func healthUnavailable() {
        let (response, log) = answer("GET", "/api/health", "", store: FailingTaskStore(Self.diskGone))
        #expect(response.status == 503)
        #expect(response.text == #"{"status":"unavailable","detail":"Database unavailable"}"#)
        #expect(log.count == 1)
    }

    @Test(
        "a store that cannot be opened is 503 on every task route",
        arguments: [
            ("GET", "/api/alice/tasks", ""), ("POST", "/api/alice/tasks", #"{"title":"x"}"#),
            ("GET", "/api/alice/tasks/1", ""), ("PUT", "/api/alice/tasks/1", #"{"title":"x"}"#),
            ("PATCH", "/api/alice/tasks/1", "{}"), ("PATCH", "/api/alice/tasks/1/complete", ""),
            ("DELETE", "/api/alice/tasks/1", ""),
        ])
    func storeUnavailable(method: String, path: String, body: String) {
        let (response, log) = answer(method, path, body, store: FailingTaskStore(Self.diskGone))
        #expect(response.status == 503)
        #expect(response.text == #"{"detail":"Service unavailable"}"#)
        #expect(log.count == 1)
    }

    @Test("a busy database is 503")
    func busy() {
        let (response, _) = answer("POST", "/api/alice/tasks", #"{"title":"x"}"#, store: FailingTaskStore(Self.locked))
        #expect(response.status == 503)
        #expect(!response.text.contains("hunter2"))
    }

    @Test("a refused constraint is a bare 409 that leaks no SQL; the log gets the error")
    func conflict() {
        let (response, log) = answer("GET", "/api/alice/tasks/1", "", store: FailingTaskStore(Self.constraint))
        #expect(response.status == 409)
        #expect(response.text == #"{"detail":"Conflict"}"#)
        #expect(log.count == 1)
        #expect(log.first?.contains("constraint failed") == true)
    }

    @Test("any other failure is a bare 500 that leaks no SQL; the log gets the error")
    func internalError() {
        let (response, log) = answer("GET", "/api/alice/tasks/1", "", store: FailingTaskStore(Self.corrupt))
        #expect(response.status == 500)
        #expect(response.text == #"{"detail":"Internal Server Error"}"#)
        #expect(log.count == 1)
        #expect(log.first?.contains("malformed") == true)
    }

    @Test("validation and authentication are answered before the store is touched")
    func noStoreCallsBeforeChecks() {
        let store = FailingTaskStore(Self.diskGone)
        #expect(answer("POST", "/api/alice/tasks", "{}", store: store).response.status == 422)
        #expect(answer("GET", "/api/bob/tasks", "", store: store).response.status == 403)
        #expect(answer("GET", "/api/alice/tasks?limit=0", "", store: store).response.status == 422)
        #expect(answer("GET", "/api/alice/tasks/x", "", store: store).response.status == 422)
        #expect(answer("GET", "/api/alice/tasks/0", "", store: store).response.status == 404)
    }
}

import FastCGI
import Glibc
import Testing

@Suite("IncomingRequest.take(parameters:)")
struct IncomingRequestTests {
    /// The request read from a NULL-terminated C array of `strdup`ed `NAME=VALUE` strings.
    private func incoming(_ entries: [String], cgi: Bool = false) -> IncomingRequest {
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: entries.count + 1)
        for (index, entry) in entries.enumerated() { array[index] = strdup(entry) }
        array[entries.count] = nil
        defer {
            for index in 0..<entries.count { free(array[index]) }
            array.deallocate()
        }
        var request = IncomingRequest()
        request.take(parameters: array, cgi: cgi)
        return request
    }

    @Test("the wanted parameters are copied, the others skipped")
    func fields() {
        let request = incoming([
            "SERVER_SOFTWARE=nginx", "REQUEST_METHOD=POST", "REQUEST_URI=/api/alice/tasks?x=1",
            "CONTENT_TYPE=application/json", "CONTENT_LENGTH=12", "HTTP_HOST=example.test",
            "HTTP_AUTHORIZATION=Bearer a.b.c", "REQUEST_ID=0123abcd", "REMOTE_ADDR=192.0.2.7", "DOCUMENT_ROOT=/srv",
            "SCRIPT_NAME=/ignored", "PATH_INFO=/ignored", "QUERY_STRING=ignored=1",
        ])
        #expect(request.method == "POST")
        #expect(request.requestURI == "/api/alice/tasks?x=1")
        #expect(request.contentType == "application/json")
        #expect(request.contentLength == 12)
        #expect(request.authorization == ["Bearer a.b.c"])
        #expect(request.requestID == "0123abcd")
        #expect(request.remoteAddress == "192.0.2.7")
        #expect(request.body.isEmpty)
        #expect(!request.bodyTooLarge)
        #expect(request.defect == nil)
    }

    @Test("no parameters leave the defaults")
    func empty() {
        let request = incoming([])
        #expect(request.method.isEmpty)
        #expect(request.requestURI.isEmpty)
        #expect(request.contentLength == nil)
        #expect(request.authorization.isEmpty)
    }

    @Test("two HTTP_AUTHORIZATION parameters are both kept, in order")
    func twoAuthorizations() {
        let request = incoming([
            "HTTP_AUTHORIZATION=Bearer first", "REQUEST_METHOD=GET", "HTTP_AUTHORIZATION=Bearer second",
        ])
        #expect(request.authorization == ["Bearer first", "Bearer second"])
    }

    @Test("names that only share a prefix with a wanted name are ignored")
    func similarNames() {
        let request = incoming([
            "HTTP_AUTHORIZATION_X=Bearer x", "HTTP_AUTHORIZATIONX=Bearer y", "HTTP_AUTHORIZATIO=Bearer z",
            "HTTP_AUTHORIZATION", "http_authorization=Bearer w", "XHTTP_AUTHORIZATION=Bearer v",
            "REQUEST_METHODS=PUT", "REQUEST_URI_RAW=/raw", "CONTENT_LENGTH_X=5", "REQUEST=1",
        ])
        #expect(request.authorization.isEmpty)
        #expect(request.method.isEmpty)
        #expect(request.requestURI.isEmpty)
        #expect(request.contentLength == nil)
    }

    @Test("a value keeps later = signs and may be empty")
    func values() {
        let request = incoming(["HTTP_AUTHORIZATION=Bearer a=b==", "HTTP_AUTHORIZATION=", "REQUEST_URI=/a?b=c=d"])
        #expect(request.authorization == ["Bearer a=b==", ""])
        #expect(request.requestURI == "/a?b=c=d")
    }

    @Test(
        "CONTENT_LENGTH that is not a length is nil and a defect",
        arguments: [
            "abc", "12a", " 12", "12 ", "1.5", "-2", "-0", "+5", "0x10", "٣", "99999999999999999999",
            "9223372036854775808", "1000000000000000000",
        ])
    func invalidContentLength(value: String) {
        let request = incoming(["REQUEST_METHOD=POST", "REQUEST_URI=/api/x", "CONTENT_LENGTH=" + value])
        #expect(request.contentLength == nil)
        #expect(request.defect == .invalidContentLength)
    }

    @Test("an empty CONTENT_LENGTH (nginx without a body) is no length and no defect")
    func emptyContentLength() {
        let request = incoming(["REQUEST_METHOD=GET", "REQUEST_URI=/api/health", "CONTENT_LENGTH="])
        #expect(request.contentLength == nil)
        #expect(request.defect == nil)
    }

    @Test(
        "CONTENT_LENGTH of 1 to 18 digits is its value",
        arguments: [("0", 0), ("007", 7), ("65536", 65536), ("999999999999999999", 999_999_999_999_999_999)])
    func validContentLength(value: String, expected: Int) {
        let request = incoming(["REQUEST_METHOD=POST", "REQUEST_URI=/api/x", "CONTENT_LENGTH=" + value])
        #expect(request.contentLength == expected)
        #expect(request.defect == nil)
    }

    @Test("a missing method or URI is a defect, and wins over an invalid CONTENT_LENGTH")
    func missingMethodOrURI() {
        #expect(incoming(["REQUEST_URI=/api/health"]).defect == .missingMethod)
        #expect(incoming(["REQUEST_METHOD=", "REQUEST_URI=/api/health"]).defect == .missingMethod)
        #expect(incoming(["REQUEST_METHOD=GET"]).defect == .missingURI)
        #expect(incoming(["REQUEST_METHOD=GET", "CONTENT_LENGTH=-1"]).defect == .missingURI)
        #expect(incoming(["REQUEST_METHOD=GET", "PATH_INFO=/api/health"], cgi: true).defect == nil)
        #expect(incoming(["REQUEST_METHOD=GET", "REQUEST_URI=/api/health"]).defect == nil)
    }

    @Test("in CGI mode a missing REQUEST_URI is rebuilt from SCRIPT_NAME, PATH_INFO and QUERY_STRING")
    func cgiRebuild() {
        let parameters = ["SCRIPT_NAME=/cgi-bin/todo", "PATH_INFO=/api/alice/tasks", "QUERY_STRING=status=all&q=a+b"]
        #expect(incoming(parameters, cgi: true).requestURI == "/cgi-bin/todo/api/alice/tasks?status=all&q=a+b")
        #expect(incoming(["SCRIPT_NAME=/api/health", "QUERY_STRING="], cgi: true).requestURI == "/api/health")
        #expect(incoming(["PATH_INFO=/api/health"], cgi: true).requestURI == "/api/health")
    }

    @Test("REQUEST_URI wins in CGI mode, and nothing is rebuilt outside it")
    func noRebuild() {
        let parameters = ["SCRIPT_NAME=/cgi-bin/todo", "PATH_INFO=/api/x", "REQUEST_URI=/api/health?a=1"]
        #expect(incoming(parameters, cgi: true).requestURI == "/api/health?a=1")
        #expect(incoming(["SCRIPT_NAME=/cgi-bin/todo", "PATH_INFO=/api/x"]).requestURI.isEmpty)
    }
}

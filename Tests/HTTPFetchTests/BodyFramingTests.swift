import Testing

@testable import HTTPFetch

@Suite struct BodyFramingTests {
    @Test func sendsAnHTTP10RequestAndReadsAContentLengthBody() throws {
        let server = TestServer(
            replying: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"keys\":[]}")
        let response = try HTTPFetch.get(server.url("/api/auth/jwks?x=1"))
        let request = server.finish()
        #expect(response.status == 200)
        #expect(response.body == Array("{\"keys\":[]}".utf8))
        #expect(
            request
                == "GET /api/auth/jwks?x=1 HTTP/1.0\r\nHost: 127.0.0.1:\(server.port)\r\n"
                + "Accept: application/json\r\nUser-Agent: todo-fcgi\r\nConnection: close\r\n\r\n")
    }

    @Test func decodesAChunkedBodyWithExtensionsAndTrailers() throws {
        let server = TestServer(
            replying: "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "5\r\nhello\r\n0006;name=value\r\n world\r\nA \r\n, chunked!\r\n0\r\nTrailer: yes\r\n\r\n")
        let response = try HTTPFetch.get(server.url())
        _ = server.finish()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello world, chunked!")
    }

    @Test func readsACloseDelimitedBody() throws {
        let server = TestServer(replying: "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"keys\":[1]}")
        let response = try HTTPFetch.get(server.url())
        _ = server.finish()
        #expect(response.status == 200)
        #expect(response.body == Array("{\"keys\":[1]}".utf8))
    }

    @Test func returnsANotFoundStatusWithItsBody() throws {
        let server = TestServer(replying: "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found")
        let response = try HTTPFetch.get(server.url("/missing"))
        _ = server.finish()
        #expect(response.status == 404)
        #expect(response.body == Array("not found".utf8))
    }

    @Test func noContentHasNoBody() throws {
        let server = TestServer(replying: "HTTP/1.1 204 No Content\r\n\r\n")
        let response = try HTTPFetch.get(server.url())
        _ = server.finish()
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
    }

    @Test func skipsAnInterimResponse() throws {
        let server = TestServer(
            replying: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        let response = try HTTPFetch.get(server.url())
        _ = server.finish()
        #expect(response.status == 200)
        #expect(response.body == Array("ok".utf8))
    }

    @Test func reachesAnIPv6Literal() throws {
        let server = TestServer(.reply(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6".utf8)), ipv6: true)
        let response = try HTTPFetch.get("http://[::1]:\(server.port)/jwks")
        let request = server.finish()
        #expect(response.body == Array("v6".utf8))
        #expect(request.contains("\r\nHost: [::1]:\(server.port)\r\n"))
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n01234567890",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n67890\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFFFF\r\n",
        "HTTP/1.0 200 OK\r\n\r\n01234567890",
    ])
    func refusesABodyOverTheLimit(reply: String) {
        #expect(
            fetchFailure(replying: reply, maxBodyBytes: 10) == "the response body is larger than the limit of 10 bytes")
    }

    @Test func acceptsABodyExactlyAtTheLimit() throws {
        let server = TestServer(replying: "HTTP/1.0 200 OK\r\n\r\n0123456789")
        let response = try HTTPFetch.get(server.url(), maxBodyBytes: 10)
        _ = server.finish()
        #expect(response.body.count == 10)
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    ])
    func refusesATruncatedBody(reply: String) {
        #expect(fetchFailure(replying: reply) == "the connection closed before the response was complete")
    }
}

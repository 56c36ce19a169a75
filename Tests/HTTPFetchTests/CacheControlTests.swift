import Testing

@testable import HTTPFetch

@Suite struct CacheControlTests {
    @Test(
        arguments: [
            (["max-age=300"], 300), (["public, max-age=60"], 60), (["Max-Age = 5 , public"], 5),
            (["max-age=\"7\""], 7), (["no-cache"], 0), (["max-age=60", "no-store"], 0), (["public"], nil),
            ([], nil), (["max-age=-1"], nil), (["max-age=1x"], nil), (["max-age=99999999999999999999999"], Int.max),
        ] as [([String], Int?)])
    func readsTheFreshnessLifetime(_ values: [String], _ expected: Int?) {
        #expect(CacheControl.maxAge(values) == expected)
    }

    @Test func aFetchedDocumentCarriesItsMaxAge() throws {
        let server = TestServer(
            replying: "HTTP/1.1 200 OK\r\nCache-Control: public, max-age=42\r\nContent-Length: 2\r\n\r\n{}")
        let document = try HTTPFetch.document(server.url("/jwks"))
        _ = server.finish()
        #expect(document.status == 200 && document.body == Array("{}".utf8) && document.maxAgeSeconds == 42)
    }
}

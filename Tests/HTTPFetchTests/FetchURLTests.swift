import Testing

@testable import HTTPFetch

@Suite struct FetchURLTests {
    @Test func splitsAnHTTPSURLWithTheDefaultPort() throws {
        let url = try FetchURL(parsing: "HTTPS://Auth.Example.com/api/auth/jwks?fresh=1#keys")
        #expect(url.isSecure)
        #expect(url.host == "auth.example.com")
        #expect(!url.isAddressLiteral)
        #expect(url.port == 443)
        #expect(url.hostHeader == "auth.example.com")
        #expect(url.target == "/api/auth/jwks?fresh=1")
    }

    @Test func keepsANonDefaultPortInTheHostHeader() throws {
        let url = try FetchURL(parsing: "http://localhost:3000/api/auth/jwks")
        #expect(!url.isSecure)
        #expect(url.port == 3000)
        #expect(url.hostHeader == "localhost:3000")
    }

    @Test func omitsAnExplicitDefaultPortFromTheHostHeader() throws {
        let url = try FetchURL(parsing: "http://example.com:80")
        #expect(url.hostHeader == "example.com")
        #expect(url.target == "/")
    }

    @Test func acceptsAddressLiterals() throws {
        let v4 = try FetchURL(parsing: "http://10.0.0.7:8080?x")
        #expect(v4.host == "10.0.0.7")
        #expect(v4.isAddressLiteral)
        #expect(v4.target == "/?x")
        let v6 = try FetchURL(parsing: "https://[2001:DB8::1]:8443/jwks")
        #expect(v6.host == "2001:db8::1")
        #expect(v6.isAddressLiteral)
        #expect(v6.port == 8443)
        #expect(v6.hostHeader == "[2001:db8::1]:8443")
    }

    @Test(arguments: [
        "ftp://example.com/", "example.com/jwks", "http://", "http:///path", "http://user:pw@example.com/",
        "http://example.com:/", "http://example.com:0/", "http://example.com:65536/", "http://example.com:8a/",
        "http://exa mple.com/", "http://example.com/a b", "http://example.com/caf\u{E9}", "http://[::1/",
        "http://[fe80::1%25eth0]/", "http://[::1]x/", "http://1.2.3/", "http://example_host/",
        "http://example.com/\r\nX-Injected: 1",
    ])
    func refusesAnUnusableURL(text: String) {
        #expect(throws: HTTPFetchError.self) { try FetchURL(parsing: text) }
    }
}

import Testing

@testable import TodoAPI

@Suite("CORS_ALLOWED_ORIGINS")
struct CORSOriginsTests {
    @Test("unset is no origin; a list is split at commas, blanks trimmed, repeats dropped")
    func parses() throws {
        #expect(try Configuration.corsOrigins(nil) == [])
        #expect(
            try Configuration.corsOrigins("https://a.example, http://localhost:5173,https://a.example")
                == ["https://a.example", "http://localhost:5173"])
        #expect(try Configuration.corsOrigins("http://[::1]:8080") == ["http://[::1]:8080"])
    }

    @Test(
        "anything but an exact scheme://host[:port] is refused",
        arguments: [
            "*", "https://*.example", "https://a.example/", "https://a.example/app", "a.example", "ftp://a.example",
            "https://", "https://a.example:0", "https://a.example:70000", "https://a.example:x", "https://A.example",
            "https://a.example,", "https://u@a.example", "https://a.example?x",
        ])
    func refuses(value: String) {
        #expect(throws: Configuration.Problem.self) { try Configuration.corsOrigins(value) }
    }

    @Test("the configuration carries the list")
    func loads() throws {
        let configuration = try Configuration.load(
            environment: ["CORS_ALLOWED_ORIGINS": "https://a.example"], requireSecret: false)
        #expect(configuration.corsAllowedOrigins == ["https://a.example"])
    }
}

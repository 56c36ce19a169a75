import Testing
import TodoAPI

@Suite("Configuration.load")
struct ConfigurationTests {
    private static let secret = "0123456789abcdef0123456789abcdef-secret"

    private func problem(_ environment: [String: String], dotenv: [String: String] = [:]) -> Configuration.Problem? {
        do {
            _ = try Configuration.load(environment: environment, dotenv: dotenv)
            return nil
        } catch {
            return error
        }
    }

    @Test("defaults match the contract's table")
    func defaults() throws {
        let configuration = try Configuration.load(environment: ["BETTER_AUTH_SECRET": Self.secret])
        #expect(configuration.secret == Array(Self.secret.utf8))
        #expect(configuration.databasePath == "./data/todo.db")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.fcgiSocket == "unix:./run/todo.sock")
        #expect(configuration.issuer == nil)
        #expect(configuration.audience == nil)
        #expect(configuration.jwksFile == nil)
        #expect(configuration.jwksURL == nil)
        #expect(configuration.leewaySeconds == 60)
        #expect(configuration.accessTokenTTL == 900)
        #expect(configuration.refreshTokenTTL == 2_592_000)
        #expect(configuration.signingKeyFile == nil)
        #expect(configuration.authRatePerMinute == 30)
        #expect(configuration.maxBodyBytes == 65_536)
    }

    @Test("every variable is read")
    func everyVariable() throws {
        let configuration = try Configuration.load(environment: [
            "BETTER_AUTH_SECRET": Self.secret, "DATABASE_PATH": "/srv/db", "HOST": "0.0.0.0", "PORT": "9090",
            "FCGI_SOCKET": "tcp:127.0.0.1:9000", "JWT_ISSUER": "https://a", "JWT_AUDIENCE": "https://b",
            "JWKS_FILE": "/k.json", "JWKS_URL": "https://a/jwks", "JWT_LEEWAY_SECONDS": "0",
            "ACCESS_TOKEN_TTL_SECONDS": "60", "REFRESH_TOKEN_TTL_SECONDS": "120", "SIGNING_KEY_FILE": "/sk.json",
            "AUTH_RATE_PER_MINUTE": "5", "MAX_BODY_BYTES": "2048",
        ])
        #expect(configuration.databasePath == "/srv/db")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9090)
        #expect(configuration.fcgiSocket == "tcp:127.0.0.1:9000")
        #expect(configuration.issuer == "https://a")
        #expect(configuration.audience == "https://b")
        #expect(configuration.jwksFile == "/k.json")
        #expect(configuration.jwksURL == "https://a/jwks")
        #expect(configuration.leewaySeconds == 0)
        #expect(configuration.accessTokenTTL == 60)
        #expect(configuration.refreshTokenTTL == 120)
        #expect(configuration.signingKeyFile == "/sk.json")
        #expect(configuration.authRatePerMinute == 5)
        #expect(configuration.maxBodyBytes == 2048)
    }

    @Test("the environment wins over .env; .env fills what the environment lacks")
    func environmentWins() throws {
        let configuration = try Configuration.load(
            environment: ["BETTER_AUTH_SECRET": Self.secret, "DATABASE_PATH": "/env.db"],
            dotenv: [
                "BETTER_AUTH_SECRET": String(repeating: "d", count: 40), "DATABASE_PATH": "/dotenv.db", "PORT": "81",
            ])
        #expect(configuration.secret == Array(Self.secret.utf8))
        #expect(configuration.databasePath == "/env.db")
        #expect(configuration.port == 81)
    }

    @Test("an empty environment variable falls back to .env, then to the default")
    func emptyFallsBack() throws {
        let configuration = try Configuration.load(
            environment: ["BETTER_AUTH_SECRET": "", "DATABASE_PATH": "", "HOST": "", "JWT_ISSUER": ""],
            dotenv: ["BETTER_AUTH_SECRET": Self.secret, "DATABASE_PATH": "/dotenv.db", "HOST": ""])
        #expect(configuration.secret == Array(Self.secret.utf8))
        #expect(configuration.databasePath == "/dotenv.db")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.issuer == nil)
    }

    @Test("a missing secret is a problem that says how to make one")
    func missingSecret() {
        let description = problem([:])?.description ?? ""
        #expect(description.contains("BETTER_AUTH_SECRET is not set"))
        #expect(description.contains("openssl rand -hex 32"))
        #expect(problem(["BETTER_AUTH_SECRET": ""]) != nil)
    }

    @Test("a short secret is a problem whose text never contains the secret")
    func shortSecret() {
        let secret = "tooShortSecret-31-bytes-long!!!"
        #expect(secret.utf8.count == 31)
        for (environment, dotenv) in [(["BETTER_AUTH_SECRET": secret], [:]), ([:], ["BETTER_AUTH_SECRET": secret])] {
            let found = problem(environment, dotenv: dotenv)
            #expect(found != nil)
            #expect(found?.description.contains("too short") == true)
            #expect(found?.description.contains(secret) == false)
            #expect(String(describing: found).contains(secret) == false)
        }
    }

    @Test("a secret of exactly 32 bytes is enough")
    func thirtyTwoBytes() throws {
        let secret = String(repeating: "s", count: 32)
        #expect(try Configuration.load(environment: ["BETTER_AUTH_SECRET": secret]).secret.count == 32)
    }

    @Test("requireSecret: false loads without a secret")
    func secretNotRequired() throws {
        let configuration = try Configuration.load(environment: [:], requireSecret: false)
        #expect(configuration.secret.isEmpty)
        #expect(configuration.databasePath == "./data/todo.db")
    }

    @Test(
        "a number that is not a whole number in range is a problem naming the variable",
        arguments: [
            ("PORT", "abc"), ("PORT", "0"), ("PORT", "-1"), ("PORT", "80.5"), ("JWT_LEEWAY_SECONDS", "-5"),
            ("ACCESS_TOKEN_TTL_SECONDS", "0"), ("REFRESH_TOKEN_TTL_SECONDS", "x"), ("AUTH_RATE_PER_MINUTE", "0"),
            ("MAX_BODY_BYTES", "1023"),
        ])
    func badNumber(name: String, value: String) {
        let found = problem(["BETTER_AUTH_SECRET": Self.secret, name: value])
        #expect(found?.description.hasPrefix(name + " must be a whole number") == true)
        #expect(found?.description.contains(Self.secret) == false)
    }
}

import Testing
import TodoAPI

@Suite("Configuration.settings and layeredValue")
struct ConfigurationSettingTests {
    @Test("the environment wins, an empty variable falls through to .env, then to the default")
    func layering() {
        let dotenv = ["PORT": "81", "HOST": "0.0.0.0", "WEB_ROOT": "/w"]
        #expect(Configuration.layeredValue("PORT", environment: ["PORT": "82"], dotenv: dotenv) == "82")
        #expect(Configuration.layeredValue("PORT", environment: ["PORT": ""], dotenv: dotenv) == "81")
        #expect(Configuration.layeredValue("HOST", environment: [:], dotenv: [:]) == "127.0.0.1")
        #expect(Configuration.layeredValue("WEB_ROOT", environment: [:], dotenv: dotenv) == "/w")
        #expect(Configuration.layeredValue("JWT_ISSUER", environment: [:], dotenv: ["JWT_ISSUER": ""]) == nil)
    }

    @Test("the defaults are those Configuration.load applies")
    func defaultsAgree() throws {
        let configuration = try Configuration.load(environment: [:], requireSecret: false)
        func defaultValue(_ name: String) -> String? { Configuration.setting(named: name)?.defaultValue }
        #expect(defaultValue("PORT") == String(configuration.port))
        #expect(defaultValue("HOST") == configuration.host)
        #expect(defaultValue("FCGI_SOCKET") == configuration.fcgiSocket)
        #expect(defaultValue("DATABASE_PATH") == configuration.databasePath)
        #expect(defaultValue("AUTH_RATE_PER_MINUTE") == String(configuration.authRatePerMinute))
        #expect(defaultValue("MAX_BODY_BYTES") == String(configuration.maxBodyBytes))
    }

    @Test("the secrets are the secret and DATABASE_URL; the scripts' settings are not secret")
    func secretsAndScripts() {
        #expect(Configuration.settings.filter(\.isSecret).map(\.name) == ["BETTER_AUTH_SECRET", "DATABASE_URL"])
        #expect(
            Configuration.settings.filter(\.readByScripts).map(\.name)
                == [
                    "DATABASE_PATH", "HOST", "PORT", "FCGI_SOCKET", "AUTH_RATE_PER_MINUTE", "CORS_ALLOWED_ORIGINS",
                    "WEB_ROOT", "NGINX_WORKERS",
                ])
        #expect(Configuration.setting(named: "NGINX_WORKERS")?.readByResponder == false)
        #expect(Configuration.setting(named: "NOT_A_SETTING") == nil)
    }
}

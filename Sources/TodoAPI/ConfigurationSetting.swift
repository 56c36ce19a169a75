extension Configuration {
    /// One variable of the configuration (environment or `.env`): its name, its default and who reads it.
    public struct Setting: Sendable, Equatable {
        /// The variable's name.
        public let name: String
        /// The value used when neither the environment nor `.env` sets it; nil: unset.
        public let defaultValue: String?
        /// Never printed: `todo-fcgi config` refuses to show it and `config --shell` leaves it out.
        public let isSecret: Bool
        /// Read by the scripts (`make run`, `scripts/nginx-conf.sh`): `config --shell` prints it.
        public let readByScripts: Bool
        /// Read by the responder itself; false for the settings only the scripts know (NGINX_WORKERS, WEB_ROOT).
        public let readByResponder: Bool

        init(
            _ name: String, _ defaultValue: String? = nil, secret: Bool = false, scripts: Bool = false,
            responder: Bool = true
        ) {
            self.name = name
            self.defaultValue = defaultValue
            self.isSecret = secret
            self.readByScripts = scripts
            self.readByResponder = responder
        }
    }

    /// Every setting todo-fcgi and its scripts read, in the order of `.env.example`.
    public static let settings: [Setting] = [
        Setting("BETTER_AUTH_SECRET", secret: true),
        Setting("DATABASE_PATH", "./data/todo.db", scripts: true),
        Setting("DATABASE_URL", secret: true),  // may hold a password
        Setting("PG_POOL_SIZE", "4"),
        Setting("HOST", "127.0.0.1", scripts: true),
        Setting("PORT", "8080", scripts: true),
        Setting("FCGI_SOCKET", "unix:./run/todo.sock", scripts: true),
        Setting("JWT_ISSUER"),
        Setting("JWT_AUDIENCE"),
        Setting("JWKS_FILE"),
        Setting("JWKS_URL"),
        Setting("JWKS_REFRESH_SECONDS", "60"),
        Setting("JWKS_MAX_AGE_SECONDS", "300"),
        Setting("JWKS_ALLOW_SYMMETRIC"),
        Setting("JWT_LEEWAY_SECONDS", "60"),
        Setting("ACCESS_TOKEN_TTL_SECONDS", "900"),
        Setting("REFRESH_TOKEN_TTL_SECONDS", "2592000"),
        Setting("SIGNING_KEY_FILE"),  // a path, not the key
        Setting("MAX_BODY_BYTES", "65536"),
        Setting("AUTH_RATE_PER_MINUTE", "30", scripts: true),
        Setting("APP_URL"),
        Setting("MAIL_COMMAND", "/usr/sbin/sendmail -t -i"),
        Setting("MAIL_FROM"),
        Setting("RESET_PASSWORD_TTL_SECONDS", "3600"),
        Setting("REQUIRE_EMAIL_VERIFICATION"),
        // nginx answers CORS itself: scripts/nginx-conf.sh renders its origin map from this list.
        Setting("CORS_ALLOWED_ORIGINS", scripts: true),
        // Only scripts/nginx-conf.sh reads these; its own defaults apply when they are unset.
        Setting("WEB_ROOT", scripts: true, responder: false),
        Setting("NGINX_WORKERS", scripts: true, responder: false),
    ]

    /// The setting called `name`, if there is one.
    public static func setting(named name: String) -> Setting? {
        settings.first { $0.name == name }
    }

    /// The value in effect for `name`, as `serve` layers it: a non-empty environment variable, else a non-empty
    /// `.env` value, else the setting's default (nil: unset).
    public static func layeredValue(
        _ name: String, environment: [String: String], dotenv: [String: String]
    ) -> String? {
        if let set = environment[name], !set.isEmpty { return set }
        if let set = dotenv[name], !set.isEmpty { return set }
        return setting(named: name)?.defaultValue
    }
}

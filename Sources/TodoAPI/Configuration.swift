/// The service's settings, read from the environment (which wins) and `.env`. See `.env.example`.
public struct Configuration: Sendable {
    /// The HS256 secret shared with Better Auth (at least 32 bytes).
    public var secret: [UInt8]
    /// The SQLite file, used unless `databaseURL` selects PostgreSQL.
    public var databasePath: String
    /// DATABASE_URL: a `postgres://` or `postgresql://` URL selects the PostgreSQL backend (libpq options such as
    /// `sslmode=require` pass through); nil (unset) keeps SQLite at `databasePath`.
    public var databaseURL: String?
    /// PG_POOL_SIZE: the most PostgreSQL connections one responder process opens (see `PGPool`).
    public var postgresPoolSize: Int
    public var host: String
    public var port: Int
    /// `unix:PATH` or `tcp:HOST:PORT`.
    public var fcgiSocket: String
    public var issuer: String?
    public var audience: String?
    public var jwksFile: String?
    public var jwksURL: String?
    /// Accept symmetric (`oct`) keys from a JWKS (JWKS_ALLOW_SYMMETRIC=1); refused by default.
    public var jwksAllowSymmetric: Bool
    /// Least seconds between two fetches of JWKS_URL.
    public var jwksRefreshSeconds: Int
    /// Most seconds a set fetched from JWKS_URL is used before it is fetched again (sooner if its max-age says so).
    public var jwksMaxAgeSeconds: Int
    public var leewaySeconds: Int
    public var accessTokenTTL: Int
    public var refreshTokenTTL: Int
    public var signingKeyFile: String?
    public var authRatePerMinute: Int
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// APP_URL: the site's public origin (`scheme://host[:port]`) for links in mail; nil disables the mail routes.
    public var appURL: String?
    /// MAIL_COMMAND: run by `/bin/sh -c` with each message on its standard input.
    public var mailCommand: String
    /// MAIL_FROM, else `no-reply@` APP_URL's host.
    public var mailFrom: String?
    /// RESET_PASSWORD_TTL_SECONDS.
    public var resetPasswordTTL: Int
    /// REQUIRE_EMAIL_VERIFICATION=1: sign-in refuses an unverified email.
    public var requireEmailVerification: Bool
    /// CORS_ALLOWED_ORIGINS: the origins (exact `scheme://host[:port]`) that nginx answers with CORS headers; empty:
    /// no CORS. nginx does the CORS itself (scripts/nginx-conf.sh, nginx/todo-fcgi.site.conf); the list is kept here
    /// for the checks that compare a URL with the allowed origins.
    public var corsAllowedOrigins: [String] = []

    /// The shortest secret accepted, in bytes.
    public static let minimumSecretLength = 32

    /// A configuration problem, phrased for the operator; it never contains a secret.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Builds the configuration from `environment` layered over `dotenv` (see `layeredValue`), defaults from
    /// `settings`.
    /// - Parameter requireSecret: false for commands that never verify or sign tokens (`migrate`).
    public static func load(
        environment: [String: String], dotenv: [String: String] = [:], requireSecret: Bool = true
    ) throws(Problem) -> Configuration {
        func value(_ name: String) -> String? {
            layeredValue(name, environment: environment, dotenv: dotenv)
        }
        func integer(_ name: String, minimum: Int = 0) throws(Problem) -> Int {
            let text = value(name) ?? ""
            guard let number = Int(text), number >= minimum else {
                throw Problem(description: "\(name) must be a whole number of at least \(minimum), got \"\(text)\"")
            }
            return number
        }
        let secret = Array((value("BETTER_AUTH_SECRET") ?? "").utf8)
        if requireSecret {
            guard !secret.isEmpty else {
                throw Problem(
                    description:
                        "BETTER_AUTH_SECRET is not set. Set it in the environment or in .env (at least 32 bytes; "
                        + "generate one with: openssl rand -hex 32)")
            }
            guard secret.count >= minimumSecretLength else {
                throw Problem(
                    description:
                        "BETTER_AUTH_SECRET is too short (\(secret.count) bytes); it must be at least "
                        + "\(minimumSecretLength) bytes (generate one with: openssl rand -hex 32)")
            }
        }
        return Configuration(
            secret: secret,
            databasePath: value("DATABASE_PATH") ?? "",
            databaseURL: try databaseURL(value("DATABASE_URL")),
            postgresPoolSize: try integer("PG_POOL_SIZE", minimum: 1),
            host: value("HOST") ?? "",
            port: try integer("PORT", minimum: 1),
            fcgiSocket: value("FCGI_SOCKET") ?? "",
            issuer: value("JWT_ISSUER"),
            audience: value("JWT_AUDIENCE"),
            jwksFile: value("JWKS_FILE"),
            jwksURL: value("JWKS_URL"),
            jwksAllowSymmetric: ["1", "true", "yes"].contains(value("JWKS_ALLOW_SYMMETRIC")?.lowercased() ?? ""),
            jwksRefreshSeconds: try integer("JWKS_REFRESH_SECONDS", minimum: 1),
            jwksMaxAgeSeconds: try integer("JWKS_MAX_AGE_SECONDS", minimum: 1),
            leewaySeconds: try integer("JWT_LEEWAY_SECONDS"),
            accessTokenTTL: try integer("ACCESS_TOKEN_TTL_SECONDS", minimum: 1),
            refreshTokenTTL: try integer("REFRESH_TOKEN_TTL_SECONDS", minimum: 1),
            signingKeyFile: value("SIGNING_KEY_FILE"),
            authRatePerMinute: try integer("AUTH_RATE_PER_MINUTE", minimum: 1),
            maxBodyBytes: try integer("MAX_BODY_BYTES", minimum: 1024),
            appURL: try appURL(value("APP_URL")),
            mailCommand: value("MAIL_COMMAND") ?? "/usr/sbin/sendmail -t -i",
            mailFrom: value("MAIL_FROM"),
            resetPasswordTTL: try integer("RESET_PASSWORD_TTL_SECONDS", minimum: 60),
            requireEmailVerification: ["1", "true", "yes"].contains(
                value("REQUIRE_EMAIL_VERIFICATION")?.lowercased() ?? ""),
            corsAllowedOrigins: try corsOrigins(value("CORS_ALLOWED_ORIGINS"))
        )
    }

    /// APP_URL without a trailing slash, when it is an http(s) origin with no path, query or user information.
    private static func appURL(_ url: String?) throws(Problem) -> String? {
        guard let url else { return nil }
        let trimmed = String(url.reversed().drop { $0 == "/" }.reversed())
        let lowered = trimmed.lowercased()
        let scheme = lowered.hasPrefix("https://") ? "https://" : lowered.hasPrefix("http://") ? "http://" : ""
        let authority = lowered.dropFirst(scheme.count)
        guard !scheme.isEmpty, !authority.isEmpty,
            !authority.contains(where: { "/?#@ \\\"".contains($0) || $0.asciiValue.map { $0 < 0x21 } ?? true })
        else {
            throw Problem(
                description: "APP_URL must be the site's public origin, scheme://host[:port] (for example "
                    + "https://todo.example.com), got \"\(url)\"")
        }
        return trimmed
    }

    /// The sender of mail: MAIL_FROM, else `no-reply@` APP_URL's host.
    public var mailSender: String? {
        if let mailFrom { return mailFrom }
        guard let appURL, let start = appURL.firstRange(of: "://") else { return nil }
        let authority = appURL[start.upperBound...]
        let host = authority.hasPrefix("[") ? authority.prefix { $0 != "]" } + "]" : authority.prefix { $0 != ":" }
        return "no-reply@\(host)"
    }

    /// DATABASE_URL as given, when it names PostgreSQL; any other scheme is refused rather than ignored.
    private static func databaseURL(_ url: String?) throws(Problem) -> String? {
        guard let url else { return nil }
        let scheme = url.prefix { $0 != ":" }.lowercased()
        guard url.dropFirst(scheme.count).hasPrefix("://"), scheme == "postgres" || scheme == "postgresql" else {
            throw Problem(
                description:
                    "DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use SQLite at DATABASE_PATH)")
        }
        return url
    }

    /// CORS_ALLOWED_ORIGINS split at commas (blanks around an entry are ignored), each entry checked by
    /// `corsOriginProblem`.
    static func corsOrigins(_ text: String?) throws(Problem) -> [String] {
        guard let text else { return [] }
        var origins: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            var origin = part.drop { $0 == " " || $0 == "\t" }
            while origin.last == " " || origin.last == "\t" { origin = origin.dropLast() }
            if let problem = corsOriginProblem(origin) {
                throw Problem(
                    description:
                        "CORS_ALLOWED_ORIGINS: \"\(origin)\" \(problem); give a comma-separated list of exact origins "
                        + "such as https://app.example.com,http://localhost:5173")
            }
            if !origins.contains(String(origin)) { origins.append(String(origin)) }
        }
        return origins
    }

    /// Why `origin` is not an exact `scheme://host[:port]` (http or https, lower-case, no path, no trailing slash,
    /// no `*`), or nil when it is one.
    static func corsOriginProblem(_ origin: Substring) -> String? {
        if origin.isEmpty { return "is empty" }
        if origin.contains("*") { return "contains '*' (wildcards are not allowed)" }
        let scheme: String
        if origin.hasPrefix("https://") {
            scheme = "https://"
        } else if origin.hasPrefix("http://") {
            scheme = "http://"
        } else {
            return "must start with http:// or https://"
        }
        let authority = origin.dropFirst(scheme.count)
        if authority.isEmpty { return "has no host" }
        if authority.hasSuffix("/") { return "ends with '/' (an origin has no trailing slash)" }
        if authority.contains("/") || authority.contains("?") || authority.contains("#") {
            return "has a path, query or fragment (an origin is scheme://host[:port] only)"
        }
        if authority.contains("@") { return "has user information" }
        var host = Substring(authority)
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return "has an unclosed IPv6 bracket" }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return "has characters after the IPv6 address" }
                port = rest.dropFirst()
            }
            let inner = host.dropFirst().dropLast()
            if inner.isEmpty || !inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) {
                return "has an invalid IPv6 address"
            }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                port = authority[authority.index(after: colon)...]
            }
            let allowed = { (c: Character) -> Bool in
                c.isASCII && (c.isLowercase || c.isNumber || c == "-" || c == ".")
            }
            if host.isEmpty { return "has no host" }
            if !host.allSatisfy(allowed) {
                return "has a host with characters other than lower-case letters, digits, '-' and '.'"
            }
        }
        if let port {
            guard let number = Int(port), port.allSatisfy(\.isASCII), (1...65535).contains(number),
                !port.hasPrefix("0")
            else { return "has an invalid port (1..65535)" }
        }
        return nil
    }
}

import Mail

/// What the mail routes need: the site's public origin (APP_URL) for links, the sender, where messages go, the
/// reset link's lifetime, and the other origins a redirect may point at (CORS_ALLOWED_ORIGINS). Without one, the
/// two routes that send mail answer `RESET_PASSWORD_DISABLED` / `VERIFICATION_EMAIL_NOT_ENABLED`.
public struct AccountMail: Sendable {
    /// `scheme://host[:port]`, no trailing slash.
    public var appURL: String
    /// MAIL_FROM.
    public var from: String
    public var outbox: any MailOutbox
    /// RESET_PASSWORD_TTL_SECONDS.
    public var resetTTLSeconds: Int64
    /// Origins besides APP_URL's that `redirectTo` and `callbackURL` may name.
    public var trustedOrigins: [String]

    public init(
        appURL: String, from: String, outbox: any MailOutbox, resetTTLSeconds: Int64 = 3600,
        trustedOrigins: [String] = []
    ) {
        self.appURL = String(appURL.reversed().drop { $0 == "/" }.reversed())
        self.from = from
        self.outbox = outbox
        self.resetTTLSeconds = resetTTLSeconds
        self.trustedOrigins = trustedOrigins
    }

    /// Whether a `redirectTo` or `callbackURL` may be followed: a relative path (`/…`, never `//…`), or an
    /// absolute URL on APP_URL's origin or a trusted one.
    public func isTrusted(_ url: String) -> Bool {
        RedirectTarget.isTrusted(url, origins: [appURL] + trustedOrigins)
    }
}

/// Where a redirect of an account route may go.
enum RedirectTarget {
    /// A relative path, or an absolute http(s) URL whose origin is one of `origins` (compared without case).
    static func isTrusted(_ url: String, origins: [String]) -> Bool {
        guard !url.isEmpty, !url.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F || $0 == UInt8(ascii: "\\") })
        else { return false }
        if url.hasPrefix("/") { return !url.hasPrefix("//") }
        guard let origin = origin(of: url) else { return false }
        return origins.contains { $0.lowercased() == origin }
    }

    /// `scheme://authority` of an absolute http(s) URL, lower-cased; nil when it has user information.
    static func origin(of url: String) -> String? {
        let lowered = url.lowercased()
        guard let schemeEnd = lowered.firstRange(of: "://"),
            ["http", "https"].contains(String(lowered[..<schemeEnd.lowerBound]))
        else { return nil }
        let authority = lowered[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        return String(lowered[..<schemeEnd.upperBound]) + authority
    }

    /// `url` with one more query parameter.
    static func adding(_ name: String, _ value: String, to url: String) -> String {
        let (base, fragment) = url.firstIndex(of: "#").map { (url[..<$0], url[$0...]) } ?? (Substring(url), "")
        let separator = base.contains("?") ? "&" : "?"
        return "\(base)\(separator)\(name)=\(PercentEncoding.encodeSegment(value))\(fragment)"
    }
}

/// Recognising and printing PostgreSQL connection URLs.
public enum PostgresURL {
    /// True when `url` is a `postgres://` or `postgresql://` URL (the scheme in any case): DATABASE_URL with one
    /// of these selects the PostgreSQL backend.
    public static func isPostgres(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return false }
        let scheme = url[..<colon].lowercased()
        return scheme == "postgres" || scheme == "postgresql"
    }

    /// `url` with its password hidden, for logs and messages: the password of the user part
    /// (`user:secret@host`) and the value of a `password=` query parameter become `***`.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let authorityStart = indexAfterScheme(text) {
            let authorityEnd = text[authorityStart...].firstIndex { $0 == "/" || $0 == "?" } ?? text.endIndex
            let authority = text[authorityStart..<authorityEnd]
            if let at = authority.lastIndex(of: "@"),
                let colon = authority[..<at].firstIndex(of: ":")
            {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        return redactPasswordParameter(text)
    }

    /// Where the authority starts: just after the first "://", or nil without one.
    private static func indexAfterScheme(_ text: String) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("://") { return text.index(index, offsetBy: 3) }
            index = text.index(after: index)
        }
        return nil
    }

    private static func redactPasswordParameter(_ url: String) -> String {
        guard let query = url.firstIndex(of: "?") else { return url }
        let parameters = url[url.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
        let redacted = parameters.map { parameter -> String in
            parameter.lowercased().hasPrefix("password=") ? "password=***" : String(parameter)
        }
        return url[...query] + redacted.joined(separator: "&")
    }
}

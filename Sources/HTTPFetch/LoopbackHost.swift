extension HTTPFetch {
    /// The host of a plain `http://` URL, or nil for https (or a URL that is not http at all).
    public static func plainHTTPHost(_ url: String) -> String? {
        guard let parsed = try? FetchURL(parsing: url), !parsed.isSecure else { return nil }
        return parsed.host
    }

    /// True for a name or address that always means this host: `localhost` (and names under it), 127.0.0.0/8, ::1.
    public static func isLoopbackHost(_ host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" || name == "0:0:0:0:0:0:0:1" {
            return true
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

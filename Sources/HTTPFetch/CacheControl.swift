/// The part of `Cache-Control` (RFC 9111 §5.2) a client of small documents needs: how long a response is fresh.
enum CacheControl {
    /// The freshness lifetime the `Cache-Control` field values give, in seconds: `max-age`, or 0 for `no-cache`
    /// or `no-store`; nil when they say neither (or the max-age is malformed).
    static func maxAge(_ values: [String]) -> Int? {
        var age: Int?
        for directive in values.flatMap({ $0.split(separator: ",") }) {
            let parts = directive.split(separator: "=", maxSplits: 1)
            let name = parts[0].trimmed().lowercased()
            if name == "no-cache" || name == "no-store" { return 0 }
            guard name == "max-age", parts.count == 2 else { continue }
            var value = parts[1].trimmed()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            guard !value.isEmpty, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) else { return nil }
            age = Int(value) ?? Int.max
        }
        return age
    }
}

extension Substring {
    fileprivate func trimmed() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}

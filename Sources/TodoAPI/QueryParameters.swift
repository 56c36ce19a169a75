/// A parsed `application/x-www-form-urlencoded` query string. A repeated name keeps its last value,
/// as FastAPI does for scalar parameters.
public struct QueryParameters: Sendable {
    private var values: [String: String] = [:]
    /// Names whose value or name could not be decoded.
    public private(set) var malformed: [String] = []

    public init(_ query: String) {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentEncoding.decode(parts[0], plusAsSpace: true) else { continue }
            let rawValue = parts.count > 1 ? parts[1] : ""
            guard let value = PercentEncoding.decode(rawValue, plusAsSpace: true) else {
                malformed.append(name)
                continue
            }
            values[name] = value
        }
    }

    /// The value of `name`, if present.
    public subscript(name: String) -> String? { values[name] }
}

/// A parsed `application/x-www-form-urlencoded` query string. A repeated name keeps its last value,
/// as FastAPI does for scalar parameters.
public struct QueryParameters: Sendable {
    private var values: [String: String] = [:]
    /// Names whose value or name could not be decoded.
    public private(set) var malformed: [String] = []

    /// Splits on the bytes `&` and `=` (as Starlette does), not on Characters: a combining mark after `&` does not
    /// hide the separator, and no grapheme breaking runs on every request's query.
    public init(_ query: String) {
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = Substring(equals.map { pair[..<$0] } ?? pair)
            guard let name = PercentEncoding.decode(rawName, plusAsSpace: true) else { continue }
            let rawValue = equals.map { Substring(pair[pair.index(after: $0)...]) } ?? ""
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

/// Why a fetch failed, in plain words for an operator's log. The description never quotes the response body.
public struct HTTPFetchError: Error, Sendable, CustomStringConvertible {
    /// A one-line explanation, such as "connection to 127.0.0.1 port 8080 refused".
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

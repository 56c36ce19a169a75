/// A fetched document with its status and its freshness.
public struct FetchedDocument: Sendable {
    /// The HTTP status code.
    public let status: Int
    /// The body, at most the requested limit.
    public let body: [UInt8]
    /// `Cache-Control: max-age` in seconds (0 for `no-cache` or `no-store`), or nil when the response sets none.
    public let maxAgeSeconds: Int?
}

/// One HTTP request as the API sees it: what nginx passed in the FastCGI params (or a CGI server in
/// the environment), and the body. Built by the transport; handlers never see the socket.
public struct APIRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The raw path of REQUEST_URI, percent-encoded, without the query string.
    public var path: String
    /// The raw query string (after `?`), possibly empty.
    public var query: String
    /// Every value of the Authorization header that was sent (nginx passes a repeated header twice).
    public var authorization: [String]
    /// The request body (already limited by the transport).
    public var body: [UInt8]
    /// True when the body was longer than the limit; the body is then empty.
    public var bodyTooLarge: Bool
    /// Why the transport could not read the request as sent (then answered 400 before routing), or nil.
    public var malformed: String?
    /// nginx's `$request_id` (`-` when none was passed): becomes the request's `RequestContext.requestID`, the
    /// `rid=` of every log line about it.
    public var requestID: String
    /// The client's address (REMOTE_ADDR) and user agent (HTTP_USER_AGENT), kept with a session it starts.
    public var remoteAddress: String = ""
    public var userAgent: String = ""

    public init(
        method: String, path: String, query: String = "", authorization: [String] = [], body: [UInt8] = [],
        bodyTooLarge: Bool = false, malformed: String? = nil, requestID: String = "-"
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.authorization = authorization
        self.body = body
        self.bodyTooLarge = bodyTooLarge
        self.malformed = malformed
        self.requestID = requestID
    }

    /// Splits a REQUEST_URI into its path and its query string.
    public static func splitURI(_ uri: String) -> (path: String, query: String) {
        guard let mark = uri.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (uri, "") }
        return (String(uri[..<mark]), String(uri[uri.index(after: mark)...]))
    }
}

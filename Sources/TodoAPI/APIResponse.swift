import JSON

/// One HTTP response: status, headers and body bytes. The transport adds nothing but framing.
public struct APIResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Header lines in order (name, value); Content-Type included when there is a body.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// The route the request's path matched (nil: none), set by `TodoApplication.handle` for the metrics, so that
    /// they count what was routed, percent-decoding included, without matching the path a second time.
    public var route: Route?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response with the API's standard headers.
    public static func json(_ status: Int, _ body: [UInt8], extraHeaders: [(name: String, value: String)] = [])
        -> APIResponse
    {
        APIResponse(
            status: status,
            headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")] + extraHeaders,
            body: body
        )
    }

    /// A 204 with no body.
    public static let noContent = APIResponse(status: 204, headers: [("Cache-Control", "no-store")])

    /// The value of the first header called `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The standard reason phrase of `status`, for the CGI `Status:` line.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

/// What the application knows of one request beyond its content: made once when the request arrives, and passed to
/// the handlers and to every line logged while it is handled (so an error line can be matched to the request's own
/// log line).
public struct RequestContext: Sendable, Equatable {
    /// nginx's `$request_id` (`-` when none was passed): the `rid=` of every log line about this request.
    public let requestID: String
    /// The clock reading for this request (Unix seconds): the one instant its tokens are checked at and its writes
    /// are dated with.
    public let now: Double

    /// The context of a request with nginx's id `requestID` (`-` for none) answered at `now` (Unix seconds).
    public init(requestID: String, now: Double) {
        self.requestID = requestID
        self.now = now
    }

    /// `now` in Unix milliseconds (rounded down): the stores' unit.
    public var nowMilliseconds: Int64 { Int64((now * 1000).rounded(.down)) }
}

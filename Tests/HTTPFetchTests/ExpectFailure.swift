import Testing

@testable import HTTPFetch

/// Runs a fetch that must fail and returns the error's description.
func failureDescription(_ fetch: () throws(HTTPFetchError) -> (status: Int, body: [UInt8])) -> String {
    do {
        let response = try fetch()
        Issue.record("expected an error, got status \(response.status)")
        return ""
    } catch {
        return error.description
    }
}

/// The description of the error `HTTPFetch.get` (with at most `maxBodyBytes` of body) fails with against a server
/// that answers `reply`.
func fetchFailure(replying reply: String, maxBodyBytes: Int = 1 << 20) -> String {
    let server = TestServer(replying: reply)
    let message = failureDescription { () throws(HTTPFetchError) in
        try HTTPFetch.get(server.url(), maxBodyBytes: maxBodyBytes)
    }
    _ = server.finish()
    return message
}

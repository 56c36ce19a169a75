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

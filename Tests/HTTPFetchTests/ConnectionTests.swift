import Testing

@testable import HTTPFetch

@Suite struct ConnectionTests {
    @Test func aRefusedConnectionIsAnError() {
        let refusing = RefusingPort()
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.get("http://127.0.0.1:\(refusing.port)/")
        }
        #expect(message == "connection to 127.0.0.1 port \(refusing.port) refused")
    }

    @Test func aServerThatNeverAnswersTimesOut() {
        let server = TestServer(.stayQuiet)
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.get(server.url(), timeoutSeconds: 0.3)
        }
        _ = server.finish()
        #expect(message == "timed out waiting for an answer from 127.0.0.1 port \(server.port)")
    }

    @Test func anUnresolvableHostIsAnError() {
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.get("http://no-such-host.invalid/", timeoutSeconds: 2)
        }
        #expect(message.hasPrefix("cannot resolve host no-such-host.invalid: "))
    }

    @Test(arguments: [0, -1, Double.nan, Double.infinity])
    func refusesAnUnusableTimeout(timeout: Double) {
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.get("http://127.0.0.1/", timeoutSeconds: timeout)
        }
        #expect(message == "the timeout must be a positive number of seconds")
    }
}

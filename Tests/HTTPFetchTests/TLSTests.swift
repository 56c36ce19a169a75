import Testing

@testable import HTTPFetch

/// Each test runs its own `openssl s_server` with a fresh self-signed certificate.
@Suite struct TLSTests {
    @Test func aSelfSignedCertificateFailsVerification() {
        let server = TLSTestServer()
        defer { server.stop() }
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.get("https://localhost:\(server.port)/", timeoutSeconds: 5)
        }
        #expect(message == "certificate verification failed for localhost: self-signed certificate")
    }

    @Test func aTrustedCertificateForTheHostSucceeds() throws {
        let server = TLSTestServer()
        defer { server.stop() }
        let response = try HTTPFetch.fetch(
            "https://localhost:\(server.port)/", timeoutSeconds: 5, maxBodyBytes: 1 << 20,
            extraTrustedFile: server.certificateFile)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("s_server"))
    }

    /// A trusted certificate for another name, and one for localhost fetched by its address.
    @Test(arguments: [
        ("DNS:other.example", "localhost", "certificate verification failed for localhost: hostname mismatch"),
        ("DNS:localhost", "127.0.0.1", "certificate verification failed for 127.0.0.1: IP address mismatch"),
    ])
    func aTrustedCertificateThatDoesNotNameTheHostFailsVerification(
        subjectAltName: String, host: String, expected: String
    ) {
        let server = TLSTestServer(subjectAltName: subjectAltName)
        defer { server.stop() }
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.fetch(
                "https://\(host):\(server.port)/", timeoutSeconds: 5, maxBodyBytes: 1 << 20,
                extraTrustedFile: server.certificateFile)
        }
        #expect(message == expected)
    }

    @Test func aSilentServerTimesOutDuringTheHandshake() {
        let server = TestServer(.stayQuiet)
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.get("https://127.0.0.1:\(server.port)/", timeoutSeconds: 0.3)
        }
        _ = server.finish()
        #expect(message == "timed out waiting for an answer from 127.0.0.1 port \(server.port)")
    }
}

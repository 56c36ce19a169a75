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

    @Test func aTrustedCertificateForAnotherNameFailsVerification() {
        let server = TLSTestServer(subjectAltName: "DNS:other.example")
        defer { server.stop() }
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.fetch(
                "https://localhost:\(server.port)/", timeoutSeconds: 5, maxBodyBytes: 1 << 20,
                extraTrustedFile: server.certificateFile)
        }
        #expect(message == "certificate verification failed for localhost: hostname mismatch")
    }

    @Test func aTrustedCertificateWithoutTheAddressFailsVerification() {
        let server = TLSTestServer()
        defer { server.stop() }
        let message = failureDescription { () throws(HTTPFetchError) in
            try HTTPFetch.fetch(
                "https://127.0.0.1:\(server.port)/", timeoutSeconds: 5, maxBodyBytes: 1 << 20,
                extraTrustedFile: server.certificateFile)
        }
        #expect(message == "certificate verification failed for 127.0.0.1: IP address mismatch")
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

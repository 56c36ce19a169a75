import Testing

@testable import PostgresStorage

/// Behaviour with no server at all: what `swift test` checks on a machine without PostgreSQL.
@Suite struct UnreachableServerTests {
    /// A loopback port nothing listens on (port 1 is privileged and unused here).
    static let nowhere = "postgresql://todo@127.0.0.1:1/todo?connect_timeout=2"

    struct Outage: Error {
        let detail: String
    }

    @Test func connectingFailsWithAConnectionError() {
        do {
            _ = try PGConnection(url: Self.nowhere)
            Issue.record("connected to nowhere")
        } catch let error as PGError {
            #expect(error.kind == .connection)
            #expect(error.isUnavailable)
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func storesReportTheOutageThroughThePoolsMapping() {
        let pool = PGPool(url: Self.nowhere, size: 2) { Outage(detail: $0.description) }
        let store = PGTaskStore(pool: pool)
        for _ in 0..<3 {
            #expect(throws: Outage.self) { try store.ping() }
            #expect(throws: Outage.self) { _ = try store.get(owner: "alice", id: 1) }
        }
        // Failed connects give their slot back.
        #expect(pool.openConnections == 0)
    }
}

import Storage
import Testing

@testable import PostgresStorage

/// Behaviour with no server at all: what `swift test` checks on a machine without PostgreSQL.
@Suite struct UnreachableServerTests {
    /// A loopback port nothing listens on (port 1 is privileged and unused here).
    static let nowhere = "postgresql://todo@127.0.0.1:1/todo?connect_timeout=2"

    @Test func connectingFailsAsUnavailable() throws {
        let error = try #require(throws: StorageError.self) { _ = try PGConnection(url: Self.nowhere) }
        #expect(error.kind == .unavailable)
        #expect(error.isTemporary)
        #expect(error.description.hasPrefix("PostgreSQL error (connection): "))
        #expect(error.description.count > "PostgreSQL error (connection): ".count)
    }

    @Test func storesReportTheOutageAsUnavailable() {
        let pool = PGPool(url: Self.nowhere, size: 2)
        let store = SQLTaskStore(pool)
        for _ in 0..<3 {
            let ping = #expect(throws: StorageError.self) { try store.ping() }
            #expect(ping?.kind == .unavailable)
            let get = #expect(throws: StorageError.self) { _ = try store.get(owner: "alice", id: 1) }
            #expect(get?.kind == .unavailable)
        }
        // Failed connects give their slot back.
        #expect(pool.openConnections == 0)
        #expect(throws: StorageError.self) { try PostgresDatabase.open(url: Self.nowhere) }
    }
}

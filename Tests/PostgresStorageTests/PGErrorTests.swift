import Storage
import Testing

@testable import PostgresStorage

@Suite struct PGErrorTests {
    @Test func classifiesWhatTheAPIAnswersWith503() {
        #expect(PGError(kind: .connection, message: "refused").isUnavailable)
        #expect(PGError(kind: .poolExhausted, message: "busy").isUnavailable)
        for state in ["08006", "08001", "57P01", "57P03", "53300", "40001", "40P01"] {
            #expect(PGError(kind: .server, sqlState: state, message: "m").isUnavailable, "\(state)")
            #expect(PGError(kind: .server, sqlState: state, message: "m").storageError.isTemporary, "\(state)")
        }
        for state in ["23505", "42P01", "22P02", "XX000"] {
            #expect(!PGError(kind: .server, sqlState: state, message: "m").isUnavailable, "\(state)")
            #expect(!PGError(kind: .server, sqlState: state, message: "m").storageError.isTemporary, "\(state)")
        }
        #expect(!PGError(kind: .unexpected, message: "m").isUnavailable)
    }

    @Test func retriesOnlySerializationFailuresAndDeadlocks() {
        #expect(PGError(kind: .server, sqlState: "40001", message: "m").isRetryable)
        #expect(PGError(kind: .server, sqlState: "40P01", message: "m").isRetryable)
        #expect(!PGError(kind: .server, sqlState: "23505", message: "m").isRetryable)
        #expect(!PGError(kind: .connection, message: "m").isRetryable)
    }

    @Test func mapsToStorageErrorKinds() {
        func kind(_ state: String) -> StorageError.Kind {
            PGError(kind: .server, sqlState: state, message: "m").storageError.kind
        }
        // Serialization failure and deadlock: running the transaction again may succeed.
        #expect(kind("40001") == .busy)
        #expect(kind("40P01") == .busy)
        // No connection, a lost one, an exhausted pool, a server starting or stopping, resource limits.
        #expect(PGError(kind: .connection, message: "refused").storageError.kind == .unavailable)
        #expect(PGError(kind: .poolExhausted, message: "busy").storageError.kind == .unavailable)
        for state in ["08006", "08001", "57P01", "57P03", "53300"] {
            #expect(kind(state) == .unavailable, "\(state)")
        }
        // Class 23: unique, foreign-key, check and not-null violations.
        for state in ["23505", "23503", "23514", "23502"] {
            #expect(kind(state) == .constraint, "\(state)")
        }
        for state in ["42P01", "22P02", "XX000", "40000"] {
            #expect(kind(state) == .failure, "\(state)")
        }
        #expect(PGError(kind: .unexpected, message: "m").storageError.kind == .failure)
        #expect(PGError(kind: .server, message: "no state").storageError.kind == .failure)
    }

    @Test func describesWithStateMessageAndSQL() {
        let error = PGError(kind: .server, sqlState: "23505", message: "duplicate key", sql: "INSERT $1")
        #expect(error.description == "PostgreSQL error 23505 (server): duplicate key in `INSERT $1`")
        #expect(error.storageError.description == error.description)
    }

    @Test func mapsWhatABodyThrows() {
        struct Other: Error {}
        let server = #expect(throws: StorageError.self) {
            try PGError.mapped { throw PGError(kind: .server, sqlState: "23505", message: "m") }
        }
        #expect(server?.kind == .constraint)
        let storage = #expect(throws: StorageError.self) {
            try PGError.mapped { throw StorageError(.busy, "kept") }
        }
        #expect(storage?.kind == .busy && storage?.description == "kept")
        let other = #expect(throws: StorageError.self) { try PGError.mapped { throw Other() } }
        #expect(other?.kind == .failure)
    }
}

import Testing

@testable import PostgresStorage

@Suite struct PGErrorTests {
    @Test func classifiesWhatTheAPIAnswersWith503() {
        #expect(PGError(kind: .connection, message: "refused").isUnavailable)
        #expect(PGError(kind: .poolExhausted, message: "busy").isUnavailable)
        for state in ["08006", "08001", "57P01", "57P03", "53300", "40001", "40P01"] {
            #expect(PGError(kind: .server, sqlState: state, message: "m").isUnavailable, "\(state)")
        }
        for state in ["23505", "42P01", "22P02", "XX000"] {
            #expect(!PGError(kind: .server, sqlState: state, message: "m").isUnavailable, "\(state)")
        }
        #expect(!PGError(kind: .unexpected, message: "m").isUnavailable)
    }

    @Test func retriesOnlySerializationFailuresAndDeadlocks() {
        #expect(PGError(kind: .server, sqlState: "40001", message: "m").isRetryable)
        #expect(PGError(kind: .server, sqlState: "40P01", message: "m").isRetryable)
        #expect(!PGError(kind: .server, sqlState: "23505", message: "m").isRetryable)
        #expect(!PGError(kind: .connection, message: "m").isRetryable)
    }

    @Test func describesWithStateMessageAndSQL() {
        let error = PGError(kind: .server, sqlState: "23505", message: "duplicate key", sql: "INSERT $1")
        #expect(error.description == "PostgreSQL error 23505 (server): duplicate key in `INSERT $1`")
    }
}

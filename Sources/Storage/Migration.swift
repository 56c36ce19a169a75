/// One step of the schema: the pending steps are applied together in one transaction, after which the database
/// records the last step's `version`. Each dialect lists its own (`SQLDialect.Schema.migrations`).
public struct Migration: Sendable {
    /// 1, 2, 3...: the same version means the same tables in every dialect.
    public let version: Int
    /// The statements, in the dialect's SQL.
    public let sql: String

    public init(version: Int, sql: String) {
        self.version = version
        self.sql = sql
    }
}

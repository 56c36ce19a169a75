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

    /// A schema's migrations from its scripts in order: the first is version 1, the next 2, and so on.
    public static func numbered(_ scripts: [String]) -> [Migration] {
        scripts.enumerated().map { Migration(version: $0.offset + 1, sql: $0.element) }
    }
}

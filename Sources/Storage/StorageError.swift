/// The one error a storage driver throws, whatever its database: what kind of failure it was, and a description
/// for the log (the driver's code, message and SQL text; never a bound value).
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What failed, in terms a caller can act on.
    public enum Kind: Sendable, Equatable {
        /// The database cannot be reached or cannot serve now (no server, lost connection, exhausted pool, a
        /// database that could not be opened): trying later may succeed.
        case unavailable
        /// The database is locked by other writers past every retry: trying later may succeed.
        case busy
        /// A constraint refused the change (a duplicate key, a failed check).
        case constraint
        /// The schema was migrated by newer code; this code refuses to touch it.
        case schemaNewerThanCode
        /// Anything else: a bug, a full disk, a corrupt file.
        case failure
    }

    /// What failed.
    public let kind: Kind
    /// The driver's account of it, for the log: never a bound value.
    public let description: String

    /// An error of `kind` described by `description`.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// True for `.unavailable` and `.busy`: the API answers 503, not 500.
    public var isTemporary: Bool {
        kind == .unavailable || kind == .busy
    }

    /// The refusal of a database at schema `found` by code that knows only up to `known`.
    public static func schemaNewerThanCode(found: Int, known: Int) -> StorageError {
        StorageError(
            .schemaNewerThanCode,
            "the database schema is version \(found), but this program knows only up to version \(known); "
                + "run a newer version of the program")
    }
}

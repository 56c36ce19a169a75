/// Why the schema could not be brought up to date.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database was migrated by newer code: this code refuses to touch it.
    case databaseNewerThanCode(databaseVersion: Int, latestKnownVersion: Int)

    /// A message for the operator.
    public var description: String {
        switch self {
        case .databaseNewerThanCode(let found, let known):
            return "the database schema is version \(found), but this program knows only up to version \(known); "
                + "run a newer version of the program"
        }
    }
}

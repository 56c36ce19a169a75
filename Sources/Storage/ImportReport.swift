/// The outcome of `UserStore.importUsers`.
public struct ImportReport: Sendable, Equatable {
    /// How many users were inserted.
    public var imported: Int
    /// The ids of the users skipped because their id or email was already stored, in input order.
    public var skippedIDs: [String]

    /// How many users were skipped.
    public var skipped: Int { skippedIDs.count }

    /// Creates a report.
    public init(imported: Int, skippedIDs: [String]) {
        self.imported = imported
        self.skippedIDs = skippedIDs
    }
}

/// The fields an update sets; a nil field is left as it is.
public struct TaskChanges: Sendable, Equatable {
    /// The new title, or nil to keep it.
    public var title: String?
    /// `nil` leaves the description; `.some(nil)` clears it; `.some(text)` sets it.
    public var description: String??
    /// The new completion state, or nil to keep it.
    public var completed: Bool?

    /// Creates changes; with no arguments, changes nothing.
    public init(title: String? = nil, description: String?? = nil, completed: Bool? = nil) {
        self.title = title
        self.description = description
        self.completed = completed
    }

    /// True when no field is named.
    public var isEmpty: Bool {
        title == nil && description == nil && completed == nil
    }
}

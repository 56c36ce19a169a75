/// A stored task. Times are Unix milliseconds.
public struct TaskRecord: Sendable, Equatable {
    /// Assigned by the database, never reused.
    public var id: Int64
    /// The owner (the token's `sub`).
    public var userId: String
    /// The title as given (validated by the API layer).
    public var title: String
    /// An optional longer text.
    public var description: String?
    /// Whether the task is done.
    public var completed: Bool
    /// When the task was created; never changes.
    public var createdAt: Int64
    /// When the task last changed; strictly increases with every change.
    public var updatedAt: Int64

    /// Creates a record from its fields.
    public init(
        id: Int64,
        userId: String,
        title: String,
        description: String?,
        completed: Bool,
        createdAt: Int64,
        updatedAt: Int64
    ) {
        self.id = id
        self.userId = userId
        self.title = title
        self.description = description
        self.completed = completed
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Which tasks a listing includes, by completion; raw values are the `status` query parameter's values.
public enum TaskStatusFilter: String, Sendable, CaseIterable {
    case all
    case pending
    case completed
}

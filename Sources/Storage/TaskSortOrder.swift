/// The order of a listing; raw values are the `sort` query parameter's values. Ties are broken by id, in the same
/// direction; `title` compares case-insensitively across Unicode.
public enum TaskSortOrder: String, Sendable, CaseIterable {
    case created
    case createdDescending = "-created"
    case updated
    case updatedDescending = "-updated"
    case title
    case titleDescending = "-title"
}

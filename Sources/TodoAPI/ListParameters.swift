import Storage

/// Validates the list route's query parameters into a store query, or the 422 issues.
public enum ListParameters {
    /// Largest accepted `limit`.
    public static let maximumLimit = 1000
    /// `limit` when absent.
    public static let defaultLimit = 100

    /// Parses `status`, `sort`, `q`, `limit` and `offset`.
    public static func parse(_ query: QueryParameters) -> Result<TaskListQuery, APIError> {
        var issues: [ValidationIssue] = []
        var result = TaskListQuery()
        for name in query.malformed {
            issues.append(.query(name, "string_type", "Input should be a valid string"))
        }
        if let status = query["status"] {
            if let value = TaskStatusFilter(rawValue: status) {
                result.status = value
            } else {
                issues.append(.query("status", "literal_error", "Input should be 'all', 'pending' or 'completed'"))
            }
        }
        if let sort = query["sort"] {
            if let value = TaskSortOrder(rawValue: sort) {
                result.sort = value
            } else {
                issues.append(
                    .query(
                        "sort", "literal_error",
                        "Input should be 'created', '-created', 'updated', '-updated', 'title' or '-title'"
                    )
                )
            }
        }
        if let search = query["q"], !search.isEmpty {
            if search.unicodeScalars.count > 200 {
                issues.append(.query("q", "string_too_long", "String should have at most 200 characters"))
            } else {
                result.search = search
            }
        }
        result.limit = integer(query, "limit", default: defaultLimit, minimum: 1, maximum: maximumLimit, &issues)
        result.offset = integer(query, "offset", default: 0, minimum: 0, maximum: Int(Int32.max), &issues)
        return issues.isEmpty ? .success(result) : .failure(.validation(issues))
    }

    private static func integer(
        _ query: QueryParameters, _ name: String, default defaultValue: Int, minimum: Int, maximum: Int,
        _ issues: inout [ValidationIssue]
    ) -> Int {
        guard let text = query[name] else { return defaultValue }
        guard let value = Int(text) else {
            issues.append(
                .query(name, "int_parsing", "Input should be a valid integer, unable to parse string as an integer")
            )
            return defaultValue
        }
        if value < minimum {
            issues.append(.query(name, "greater_than_equal", "Input should be greater than or equal to \(minimum)"))
        } else if value > maximum {
            issues.append(.query(name, "less_than_equal", "Input should be less than or equal to \(maximum)"))
        }
        return value
    }
}

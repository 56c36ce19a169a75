import JSON
import Storage

/// Validation of task bodies: `title` 1–200 characters after trimming, `description` at most 1000,
/// `completed` a boolean; lengths in Unicode scalars (what Python's `len` counts). Unknown fields and
/// `id`, `user_id` and timestamps are ignored.
public enum TaskInput {
    /// Longest title, in characters, after trimming.
    public static let maximumTitleLength = 200
    /// Longest description, in characters.
    public static let maximumDescriptionLength = 1000

    /// What PUT and POST carry.
    public struct Replacement: Sendable, Equatable {
        public var title: String
        public var description: String?
        public var completed: Bool?
    }

    /// POST: `title` required, `description` optional; `completed` is not taken on create.
    public static func creation(_ body: [UInt8]) -> Result<Replacement, APIError> {
        replacement(body, acceptsCompleted: false)
    }

    /// PUT: `title` required, `description` optional (absent means null), `completed` optional.
    public static func replacement(_ body: [UInt8], acceptsCompleted: Bool = true) -> Result<Replacement, APIError> {
        let object: [String: JSONValue]
        switch parseObject(body) {
        case .success(let value): object = value
        case .failure(let error): return .failure(error)
        }
        var issues: [ValidationIssue] = []
        let title = validTitle(object["title"], required: true, &issues)
        let description = validDescription(object["description"], &issues)
        let completed = acceptsCompleted ? validCompleted(object["completed"], &issues) : nil
        guard issues.isEmpty, let title else { return .failure(.validation(issues)) }
        return .success(Replacement(title: title, description: description ?? nil, completed: completed))
    }

    /// PATCH: any of `title`, `description`, `completed`; only named fields change.
    public static func changes(_ body: [UInt8]) -> Result<TaskChanges, APIError> {
        let object: [String: JSONValue]
        switch parseObject(body) {
        case .success(let value): object = value
        case .failure(let error): return .failure(error)
        }
        var issues: [ValidationIssue] = []
        var changes = TaskChanges()
        changes.title = validTitle(object["title"], required: false, &issues)
        changes.description = validDescription(object["description"], &issues)
        changes.completed = validCompleted(object["completed"], &issues)
        return issues.isEmpty ? .success(changes) : .failure(.validation(issues))
    }

    static func parseObject(_ body: [UInt8]) -> Result<[String: JSONValue], APIError> {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return .failure(
                .validation([ValidationIssue(type: "missing", location: [.key("body")], message: "Field required")]))
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            return .failure(
                .validation([
                    ValidationIssue(
                        type: "json_invalid", location: [.key("body"), .index(error.offset)],
                        message: "JSON decode error: \(error.reason)")
                ])
            )
        }
        guard let object = value.objectValue else {
            return .failure(
                .validation([
                    ValidationIssue(
                        type: "model_attributes_type", location: [.key("body")],
                        message: "Input should be a valid dictionary or object to extract fields from")
                ])
            )
        }
        return .success(object)
    }

    private static func validTitle(_ value: JSONValue?, required: Bool, _ issues: inout [ValidationIssue]) -> String? {
        guard let value else {
            if required { issues.append(.body("title", "missing", "Field required")) }
            return nil
        }
        guard let text = value.stringValue else {
            issues.append(.body("title", "string_type", "Input should be a valid string"))
            return nil
        }
        let trimmed = trim(text)
        let length = trimmed.unicodeScalars.count
        if length == 0 {
            issues.append(.body("title", "string_too_short", "String should have at least 1 character"))
            return nil
        }
        if length > maximumTitleLength {
            issues.append(
                .body("title", "string_too_long", "String should have at most \(maximumTitleLength) characters"))
            return nil
        }
        return trimmed
    }

    /// nil: absent; .some(nil): explicit null; .some(text): a description.
    private static func validDescription(_ value: JSONValue?, _ issues: inout [ValidationIssue]) -> String?? {
        guard let value else { return nil }
        if value.isNull { return .some(nil) }
        guard let text = value.stringValue else {
            issues.append(.body("description", "string_type", "Input should be a valid string"))
            return nil
        }
        if text.unicodeScalars.count > maximumDescriptionLength {
            issues.append(
                .body(
                    "description", "string_too_long",
                    "String should have at most \(maximumDescriptionLength) characters"))
            return nil
        }
        return .some(text)
    }

    private static func validCompleted(_ value: JSONValue?, _ issues: inout [ValidationIssue]) -> Bool? {
        guard let value else { return nil }
        guard let flag = value.boolValue else {
            issues.append(.body("completed", "bool_type", "Input should be a valid boolean"))
            return nil
        }
        return flag
    }

    /// Trims Unicode white space at both ends (what Python's `str.strip()` removes).
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}

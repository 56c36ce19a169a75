import JSON

/// One entry of a 422 body in FastAPI's (pydantic v2) shape: `{"type", "loc", "msg"}`.
public struct ValidationIssue: Sendable, Equatable {
    /// A location element: a field name or a position.
    public enum Location: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// The pydantic error type, e.g. `missing`, `string_too_long`, `json_invalid`.
    public var type: String
    /// Where: `["body", "title"]`, `["query", "limit"]`, `["path", "task_id"]`.
    public var location: [Location]
    /// A human message.
    public var message: String

    public init(type: String, location: [Location], message: String) {
        self.type = type
        self.location = location
        self.message = message
    }

    /// Shorthand for a body field.
    public static func body(_ field: String, _ type: String, _ message: String) -> ValidationIssue {
        ValidationIssue(type: type, location: [.key("body"), .key(field)], message: message)
    }

    /// Shorthand for a query parameter.
    public static func query(_ name: String, _ type: String, _ message: String) -> ValidationIssue {
        ValidationIssue(type: type, location: [.key("query"), .key(name)], message: message)
    }

    func write(to writer: inout JSONWriter) {
        writer.raw("{\"type\":")
        writer.string(type)
        writer.raw(",\"loc\":[")
        for (position, element) in location.enumerated() {
            if position > 0 { writer.raw(",") }
            switch element {
            case .key(let name): writer.string(name)
            case .index(let index): writer.integer(Int64(index))
            }
        }
        writer.raw("],\"msg\":")
        writer.string(message)
        writer.raw("}")
    }
}

/// Parses the `{id}` path segment. Not an integer: 422 as FastAPI answers for an `int` path
/// parameter. An integer that cannot name a row (zero, negative, too large) is simply not found.
enum TaskID {
    enum Parsed: Equatable {
        case id(Int64)
        case noSuchTask
    }

    static func parse(_ segment: String) -> Result<Parsed, APIError> {
        let utf8 = segment.utf8
        let digits = utf8.first == UInt8(ascii: "-") ? utf8.dropFirst() : utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .failure(
                .validation([
                    ValidationIssue(
                        type: "int_parsing", location: [.key("path"), .key("task_id")],
                        message: "Input should be a valid integer, unable to parse string as an integer")
                ]))
        }
        guard let value = Int64(segment), value > 0 else { return .success(.noSuchTask) }
        return .success(.id(value))
    }
}

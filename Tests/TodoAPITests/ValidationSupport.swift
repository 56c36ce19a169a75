import JSON
import TodoAPI

/// A 422 body's issues as `type@loc.loc`, e.g. `string_too_long@body.title` or `json_invalid@body.9`;
/// empty when the body is not a validation error.
func issueSummary(_ response: APIResponse) -> [String] {
    guard response.status == 422, let detail = response.json?["detail"]?.arrayValue else { return [] }
    return detail.map { issue in
        let location = (issue["loc"]?.arrayValue ?? []).map { element in
            element.stringValue ?? element.numberValue.map { String(Int($0)) } ?? "?"
        }
        return (issue["type"]?.stringValue ?? "?") + "@" + location.joined(separator: ".")
    }
}

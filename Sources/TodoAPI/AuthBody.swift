import JSON

/// The JSON object body of an account route, with Better Auth-shaped 400s for what is missing or mistyped.
struct AuthBody {
    let members: [String: JSONValue]

    /// Parses `body`; not JSON, or not an object: a 400 `VALIDATION_ERROR`.
    static func parse(_ body: [UInt8]) -> Result<AuthBody, AuthFailure> {
        guard let value = try? JSONParser.parse(body), let members = value.objectValue else {
            return .failure(.validation("The body must be a JSON object"))
        }
        return .success(AuthBody(members: members))
    }

    /// The string member `name`; missing or not a string: a 400 naming it.
    func string(_ name: String) -> Result<String, AuthFailure> {
        guard let value = members[name] else { return .failure(.validation("\(name) is required")) }
        guard let text = value.stringValue else { return .failure(.validation("\(name) must be a string")) }
        return .success(text)
    }

    /// The optional Boolean member `name` (false when absent); another type: a 400 naming it.
    func flag(_ name: String) -> Result<Bool, AuthFailure> {
        guard let value = members[name], value != .null else { return .success(false) }
        guard let flag = value.boolValue else { return .failure(.validation("\(name) must be a boolean")) }
        return .success(flag)
    }

    /// The optional string member `name`: nil when absent; another type: a 400 naming it.
    func optionalString(_ name: String) -> Result<String?, AuthFailure> {
        guard let value = members[name] else { return .success(nil) }
        guard let text = value.stringValue else { return .failure(.validation("\(name) must be a string")) }
        return .success(text)
    }

    /// True when the body has the member `name`, whatever its value.
    func has(_ name: String) -> Bool {
        members[name] != nil
    }
}

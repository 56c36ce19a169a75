import JSON

/// The error `JSONParser` throws for `text`, or nil when the text parses.
func parseError(_ text: String) -> JSONParseError? {
    parseError(Array(text.utf8))
}

/// The error `JSONParser` throws for `bytes`, or nil when the bytes parse.
func parseError(_ bytes: [UInt8]) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// `text` parsed, or nil when the parser refuses it.
func parsed(_ text: String) -> JSONValue? {
    try? JSONParser.parse(text)
}

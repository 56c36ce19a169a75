/// The values a command line gave one command, by argument name, with typed readers that answer a value of the
/// wrong form with a `UsageError`.
public struct ParsedArguments: Sendable {
    /// The command's words after the tool's name: `["token", "mint"]`.
    public let commandPath: [String]
    private let values: [String: String]
    private let flags: Set<String>

    init(commandPath: [String], values: [String: String], flags: Set<String>) {
        self.commandPath = commandPath
        self.values = values
        self.flags = flags
    }

    /// The value of option or positional `name`, if given (the last one when an option is repeated).
    public func string(_ name: String) -> String? {
        values[name]
    }

    /// Whether flag `name` was given.
    public func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// The value of `name` as a whole number.
    public func int(_ name: String) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text) else { throw invalid(text, name) }
        return value
    }

    /// The value of `name` as a finite number.
    public func double(_ name: String) throws(UsageError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite else { throw invalid(text, name) }
        return value
    }

    private func invalid(_ text: String, _ name: String) -> UsageError {
        UsageError("The value '\(text)' is invalid for '--\(name) <\(name)>'")
    }
}

/// A usage mistake: the message, then the usage line, on stderr; exit status 2.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Ends the command with this exit status and nothing more printed (its report is already out).
public struct ExitStatus: Error, Sendable {
    public let code: Int32

    public init(_ code: Int32) {
        self.code = code
    }
}

/// Prometheus' text exposition format (version 0.0.4): `# HELP`, `# TYPE`, then one `name{labels} value` line
/// per sample.
public struct PrometheusText: Sendable {
    /// The media type to answer with.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The document so far.
    public private(set) var text = ""

    public init() {}

    /// Starts a metric family: its help line and its type (`counter`, `gauge`, `histogram`).
    public mutating func family(_ name: String, type: String, help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    /// One sample; `labels` in order, their values escaped (`\`, `"`, line feed).
    public mutating func sample(_ name: String, labels: [(String, String)] = [], _ value: Double) {
        append(name, labels, Self.number(value))
    }

    /// One sample with an integer value.
    public mutating func sample(_ name: String, labels: [(String, String)] = [], _ value: Int) {
        append(name, labels, String(value))
    }

    private mutating func append(_ name: String, _ labels: [(String, String)], _ value: String) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escaped($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " \(value)\n"
    }

    /// A label value as the format wants it.
    static func escaped(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A float as Prometheus reads it: `+Inf`, integers without a fraction.
    static func number(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

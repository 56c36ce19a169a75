import JSON
import Storage

/// Writes tasks in the contract's shape: `{"id", "user_id", "title", "description", "completed",
/// "created_at", "updated_at"}`.
public enum TaskJSON {
    /// One task as JSON bytes.
    public static func encode(_ task: TaskRecord) -> [UInt8] {
        var writer = JSONWriter(capacity: 192)
        write(task, to: &writer)
        return writer.bytes
    }

    /// A JSON array of tasks.
    public static func encode(_ tasks: [TaskRecord]) -> [UInt8] {
        var writer = JSONWriter(capacity: 2 + tasks.count * 192)
        writer.raw("[")
        for (position, task) in tasks.enumerated() {
            if position > 0 { writer.raw(",") }
            write(task, to: &writer)
        }
        writer.raw("]")
        return writer.bytes
    }

    static func write(_ task: TaskRecord, to writer: inout JSONWriter) {
        writer.raw("{\"id\":")
        writer.integer(task.id)
        writer.raw(",\"user_id\":")
        writer.string(task.userId)
        writer.raw(",\"title\":")
        writer.string(task.title)
        writer.raw(",\"description\":")
        if let description = task.description { writer.string(description) } else { writer.null() }
        writer.raw(",\"completed\":")
        writer.bool(task.completed)
        writer.raw(",\"created_at\":")
        timestamp(task.createdAt, &writer)
        writer.raw(",\"updated_at\":")
        timestamp(task.updatedAt, &writer)
        writer.raw("}")
    }

    private static func timestamp(_ milliseconds: Int64, _ writer: inout JSONWriter) {
        writer.appendInPlace { bytes in
            bytes.append(UInt8(ascii: "\""))
            Timestamp.append(milliseconds: milliseconds, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
    }
}

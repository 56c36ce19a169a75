import JSON
import Storage

/// Writes tasks in the contract's shape: `{"id", "user_id", "title", "description", "completed",
/// "created_at", "updated_at"}`.
public enum TaskJSON {
    /// One task as JSON bytes.
    public static func encode(_ task: TaskRecord) -> [UInt8] {
        [UInt8](jsonCapacity: maximumLength(task)) { write(task, to: &$0) }
    }

    /// A JSON array of tasks: one allocation of the computed bound, then plain stores (a list is written for
    /// every list request).
    public static func encode(_ tasks: [TaskRecord]) -> [UInt8] {
        var bound = 2
        for task in tasks { bound += maximumLength(task) + 1 }
        return [UInt8](jsonCapacity: bound) { out in
            out.byte(UInt8(ascii: "["))
            for index in tasks.indices {
                if index > 0 { out.byte(UInt8(ascii: ",")) }
                write(tasks[index], to: &out)
            }
            out.byte(UInt8(ascii: "]"))
        }
    }

    /// The member names and punctuation of one task, `false`, `null` and two timestamps with their quotes.
    private static let fixedLength =
        #"{"id":,"user_id":,"title":,"description":,"completed":false,"created_at":"","updated_at":""}"#.utf8.count
        + 2 * Timestamp.length + "null".utf8.count

    /// The most bytes `write` may take for `task`.
    static func maximumLength(_ task: TaskRecord) -> Int {
        fixedLength + JSONCursor.maximumIntegerLength + JSONCursor.maximumLength(ofString: task.userId)
            + JSONCursor.maximumLength(ofString: task.title)
            + (task.description.map(JSONCursor.maximumLength(ofString:)) ?? 0)
    }

    static func write(_ task: TaskRecord, to out: inout JSONCursor) {
        out.raw("{\"id\":")
        out.integer(task.id)
        out.raw(",\"user_id\":")
        out.string(task.userId)
        out.raw(",\"title\":")
        out.string(task.title)
        out.raw(",\"description\":")
        if let description = task.description { out.string(description) } else { out.null() }
        out.raw(",\"completed\":")
        out.bool(task.completed)
        out.raw(",\"created_at\":")
        timestamp(task.createdAt, &out)
        out.raw(",\"updated_at\":")
        timestamp(task.updatedAt, &out)
        out.byte(UInt8(ascii: "}"))
    }

    private static func timestamp(_ milliseconds: Int64, _ out: inout JSONCursor) {
        out.write(count: Timestamp.length + 2) { bytes in
            bytes[0] = UInt8(ascii: "\"")
            Timestamp.write(milliseconds: milliseconds, to: bytes + 1)
            bytes[Timestamp.length + 1] = UInt8(ascii: "\"")
        }
    }
}

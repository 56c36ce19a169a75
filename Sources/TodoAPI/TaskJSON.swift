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

    /// The JSON array of the tasks `store` lists for `owner`, written row by row from the driver's buffers (no
    /// String per text column). Each row goes through a buffer of its bound, then onto the array.
    public static func encodeList(_ store: any TaskStore, owner: String, query: TaskListQuery) throws(StorageError)
        -> [UInt8]
    {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(2 + query.limit * 192)
        var memo = Timestamp.DateMemo()
        try store.forEachTask(owner: owner, query: query) { row in
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            append(row, to: &bytes, memo: &memo)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    private static func append(_ row: TaskRowView, to bytes: inout [UInt8], memo: inout Timestamp.DateMemo) {
        var owner = row.owner
        owner.withUTF8 { owner in
            withValidUTF8(row.title) { title in
                withValidUTF8(row.description) { description in
                    let bound =
                        fixedLength + JSONCursor.maximumIntegerLength + 6 * (owner.count + title.count)
                        + (description.map { 2 + 6 * $0.count } ?? 0) + 4
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
                        var out = JSONCursor(buffer)
                        write(
                            id: row.id, owner: owner, title: title, description: description,
                            completed: row.completed, createdAt: row.createdAt, updatedAt: row.updatedAt, to: &out,
                            memo: &memo)
                        bytes.append(
                            contentsOf: UnsafeBufferPointer(rebasing: buffer[..<(out.position - buffer.baseAddress!)]))
                    }
                }
            }
        }
    }

    /// The text's bytes when they are ASCII (valid as they are), else those of the String they decode to (invalid
    /// UTF-8 repaired with U+FFFD, as `String(decoding:as:)` does for a record).
    private static func withValidUTF8(_ text: TaskRowView.Text?, _ body: (UnsafeBufferPointer<UInt8>?) -> Void) {
        switch text {
        case nil: body(nil)
        case .bytes(let bytes)? where JSONCursor.isASCII(bytes): body(bytes)
        case .bytes(let bytes)?:
            var string = String(decoding: bytes, as: UTF8.self)
            string.withUTF8 { body($0) }
        case .string(var string)?: string.withUTF8 { body($0) }
        }
    }

    private static func withValidUTF8(_ text: TaskRowView.Text, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withValidUTF8(Optional(text)) { body($0!) }
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
        var userId = task.userId
        var title = task.title
        var description = task.description
        userId.withUTF8 { userId in
            title.withUTF8 { title in
                func write(_ description: UnsafeBufferPointer<UInt8>?, _ out: inout JSONCursor) {
                    var memo = Timestamp.DateMemo()
                    Self.write(
                        id: task.id, owner: userId, title: title, description: description,
                        completed: task.completed, createdAt: task.createdAt, updatedAt: task.updatedAt, to: &out,
                        memo: &memo)
                }
                if description != nil {
                    description!.withUTF8 { write($0, &out) }
                } else {
                    write(nil, &out)
                }
            }
        }
    }

    /// Writes one task from its fields, the texts as valid UTF-8 bytes.
    private static func write(
        id: Int64, owner: UnsafeBufferPointer<UInt8>, title: UnsafeBufferPointer<UInt8>,
        description: UnsafeBufferPointer<UInt8>?, completed: Bool, createdAt: Int64, updatedAt: Int64,
        to out: inout JSONCursor, memo: inout Timestamp.DateMemo
    ) {
        out.raw("{\"id\":")
        out.integer(id)
        out.raw(",\"user_id\":")
        out.string(utf8: owner)
        out.raw(",\"title\":")
        out.string(utf8: title)
        out.raw(",\"description\":")
        if let description { out.string(utf8: description) } else { out.null() }
        out.raw(",\"completed\":")
        out.bool(completed)
        out.raw(",\"created_at\":")
        timestamp(createdAt, &out, &memo)
        out.raw(",\"updated_at\":")
        timestamp(updatedAt, &out, &memo)
        out.byte(UInt8(ascii: "}"))
    }

    private static func timestamp(_ milliseconds: Int64, _ out: inout JSONCursor, _ memo: inout Timestamp.DateMemo) {
        out.write(count: Timestamp.length + 2) { bytes in
            bytes[0] = UInt8(ascii: "\"")
            Timestamp.write(milliseconds: milliseconds, to: bytes + 1, memo: &memo)
            bytes[Timestamp.length + 1] = UInt8(ascii: "\"")
        }
    }
}

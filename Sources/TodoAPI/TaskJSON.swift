import JSON
import Storage

/// Writes tasks in the contract's shape: `{"id", "user_id", "title", "description", "completed",
/// "created_at", "updated_at"}`.
public enum TaskJSON {
    /// One task as JSON bytes (the same writer as a list's rows).
    public static func encode(_ task: TaskRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        var memo = Timestamp.DateMemo()
        append(TaskRowView(task), to: &bytes, memo: &memo)
        return bytes
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

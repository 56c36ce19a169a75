import JSON
import Storage

/// Writes tasks in the contract's shape: `{"id", "user_id", "title", "description", "completed",
/// "created_at", "updated_at"}`.
public enum TaskJSON {
    /// One task as JSON bytes (the same writer as a list's rows).
    public static func encode(_ task: TaskRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        var memo = Timestamp.DateMemo()
        let owner = OwnerMember(task.userId)
        owner.bytes.withUnsafeBufferPointer { append(TaskRowView(task), to: &bytes, owner: $0, memo: &memo) }
        return bytes
    }

    /// The JSON array of the tasks `store` lists for `owner`, written row by row from the driver's buffers (no
    /// String per text column). Each row goes through a buffer of its bound, then onto the array; the owner, the
    /// same in every row, is escaped once.
    public static func encodeList(_ store: any TaskStore, owner: String, query: TaskListQuery) throws(StorageError)
        -> [UInt8]
    {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(2 + query.limit * 192)
        var memo = Timestamp.DateMemo()
        let member = OwnerMember(owner)
        try member.bytes.withUnsafeBufferPointer { (member) throws(StorageError) in
            try store.forEachTask(owner: owner, query: query) { row in
                if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
                // `==`, not `hasSameBytes` (2 % of a list): an owner-scoped statement's row carries the very String
                // it was given, which `==` matches at once; an owner equal to the list's only canonically could come
                // only from a store that does not scope by owner.
                if row.owner == owner {
                    append(row, to: &bytes, owner: member, memo: &memo)
                } else {
                    // Not from an owner-scoped statement (a store that lists records): the row's own owner.
                    OwnerMember(row.owner).bytes.withUnsafeBufferPointer {
                        append(row, to: &bytes, owner: $0, memo: &memo)
                    }
                }
            }
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    /// `,"user_id":"OWNER","title":` with the owner escaped: what follows a task's id in every row of one owner
    /// (every task statement matches `user_id` to the owner byte for byte, so a list escapes it once).
    private struct OwnerMember {
        let bytes: [UInt8]

        init(_ owner: String) {
            let before: StaticString = #","user_id":"#
            let after: StaticString = #","title":"#
            bytes = [UInt8](
                jsonCapacity: before.utf8CodeUnitCount + JSONCursor.maximumLength(ofString: owner)
                    + after.utf8CodeUnitCount
            ) { out in
                out.raw(before)
                out.string(owner)
                out.raw(after)
            }
        }
    }

    private static func append(
        _ row: TaskRowView, to bytes: inout [UInt8], owner: UnsafeBufferPointer<UInt8>,
        memo: inout Timestamp.DateMemo
    ) {
        // A text column's bytes may be invalid UTF-8; repaired (U+FFFD, 3 bytes, for each invalid byte) it
        // still takes at most 6 bytes per byte escaped, so the bound holds for either form.
        let bound =
            fixedLength + JSONCursor.maximumIntegerLength + owner.count + 6 * row.title.byteCount
            + (row.description.map { 2 + 6 * $0.byteCount } ?? 0) + 2
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
            var out = JSONCursor(buffer)
            write(row, owner: owner, to: &out, memo: &memo)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<(out.position - buffer.baseAddress!)]))
        }
    }

    /// The member names and punctuation of one task (the owner's member apart), `false`, `null` and two
    /// timestamps.
    private static let fixedLength =
        #"{"id":,"description":,"completed":false,"created_at":"","updated_at":""}"#.utf8.count
        + 2 * Timestamp.length + "null".utf8.count

    /// Writes one task, `owner` as `OwnerMember` made it.
    private static func write(
        _ row: TaskRowView, owner: UnsafeBufferPointer<UInt8>, to out: inout JSONCursor,
        memo: inout Timestamp.DateMemo
    ) {
        out.raw("{\"id\":")
        out.integer(row.id)
        out.raw(owner)
        text(row.title, to: &out)
        out.raw(",\"description\":")
        if let description = row.description { text(description, to: &out) } else { out.null() }
        if row.completed {
            out.raw(",\"completed\":true,\"created_at\":\"")
        } else {
            out.raw(",\"completed\":false,\"created_at\":\"")
        }
        let createdAt = out.position
        out.write(count: Timestamp.length) { Timestamp.write(milliseconds: row.createdAt, to: $0, memo: &memo) }
        out.raw("\",\"updated_at\":\"")
        if row.updatedAt == row.createdAt {
            // A task never changed since its creation: the same 24 bytes again.
            out.write(count: Timestamp.length) { $0.update(from: createdAt, count: Timestamp.length) }
        } else {
            out.write(count: Timestamp.length) { Timestamp.write(milliseconds: row.updatedAt, to: $0, memo: &memo) }
        }
        out.raw("\"}")
    }

    /// A text column as a JSON string: the driver's bytes as they are when ASCII, else the String they decode to
    /// (invalid UTF-8 repaired with U+FFFD, as `String(decoding:as:)` does for a record).
    private static func text(_ text: TaskRowView.Text, to out: inout JSONCursor) {
        switch text {
        case .bytes(let bytes):
            if !out.asciiString(bytes) { out.string(String(decoding: bytes, as: UTF8.self)) }
        case .string(let string):
            out.string(string)
        }
    }
}

extension TaskRowView.Text {
    /// The bytes of the text as stored (before any repair of invalid UTF-8).
    fileprivate var byteCount: Int {
        switch self {
        case .bytes(let bytes): bytes.count
        case .string(let string): string.utf8.count
        }
    }
}

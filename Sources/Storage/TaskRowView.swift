/// One task of a list as the store reads it, for writing a response straight from the driver's buffers (a list
/// request's task Strings were a fifth of its instructions). Valid only inside the closure it is passed to.
public struct TaskRowView {
    /// A text column: the driver's bytes (UTF-8 not checked), or a String.
    public enum Text {
        case bytes(UnsafeBufferPointer<UInt8>)
        case string(String)
    }

    public let id: Int64
    /// The owner (every task statement matches `user_id` to it byte for byte).
    public let owner: String
    public let title: Text
    public let description: Text?
    public let completed: Bool
    public let createdAt: Int64
    public let updatedAt: Int64

    /// A row in the column order of every task statement (id, user_id, title, description, completed,
    /// created_at, updated_at).
    init(row: any StorageRow, owner: String) {
        func text(_ column: Int32) -> Text {
            row.rawText(column).map(Text.bytes) ?? .string(row.text(column))
        }
        id = row.int64(0)
        self.owner = owner
        title = text(2)
        description = row.isNull(3) ? nil : text(3)
        completed = row.bool(4)
        createdAt = row.int64(5)
        updatedAt = row.int64(6)
    }

    /// The fields of `record`.
    public init(_ record: TaskRecord) {
        id = record.id
        owner = record.userId
        title = .string(record.title)
        description = record.description.map(Text.string)
        completed = record.completed
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }
}

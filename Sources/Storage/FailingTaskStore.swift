/// A task store whose every call throws one error: it stands in for a store whose database could not be opened
/// (`.unavailable`, which the API answers with 503), and tests make any failure with it.
public final class FailingTaskStore: TaskStore {
    public let error: StorageError

    public init(_ error: StorageError) {
        self.error = error
    }

    public func list(owner: String, query: TaskListQuery) throws(StorageError) -> [TaskRecord] { throw error }
    public func create(owner: String, title: String, description: String?, now: Int64) throws(StorageError)
        -> TaskRecord
    { throw error }
    public func get(owner: String, id: Int64) throws(StorageError) -> TaskRecord? { throw error }
    public func update(owner: String, id: Int64, changes: TaskChanges, now: Int64) throws(StorageError)
        -> TaskRecord?
    { throw error }
    public func toggle(owner: String, id: Int64, now: Int64) throws(StorageError) -> TaskRecord? { throw error }
    public func delete(owner: String, id: Int64) throws(StorageError) -> Bool { throw error }
    public func ping() throws(StorageError) { throw error }
}

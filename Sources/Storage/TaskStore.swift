/// Owner-scoped storage of tasks: every method reads or writes only rows whose `user_id` is `owner`, and a task
/// of another owner behaves exactly like a missing one. Times are Unix milliseconds supplied by the caller.
public protocol TaskStore: AnyObject {
    /// The owner's tasks that match `query`, in its order, paged by its limit and offset.
    func list(owner: String, query: TaskListQuery) throws(StorageError) -> [TaskRecord]
    /// Calls `body` with each task `list` would return, in order, within one statement; a store may hand over
    /// its driver's buffers instead of Strings.
    func forEachTask(owner: String, query: TaskListQuery, _ body: (TaskRowView) -> Void) throws(StorageError)
    /// Creates a pending task with `createdAt == updatedAt == now`.
    func create(owner: String, title: String, description: String?, now: Int64) throws(StorageError) -> TaskRecord
    /// The owner's task `id`, or nil.
    func get(owner: String, id: Int64) throws(StorageError) -> TaskRecord?
    /// Applies `changes` and moves `updatedAt` (to `now`, or 1 ms past its old value if that is later); changes
    /// that name nothing return the task unchanged. Nil when the owner has no task `id`.
    func update(owner: String, id: Int64, changes: TaskChanges, now: Int64) throws(StorageError) -> TaskRecord?
    /// Flips `completed` and moves `updatedAt` like `update`. Nil when the owner has no task `id`.
    func toggle(owner: String, id: Int64, now: Int64) throws(StorageError) -> TaskRecord?
    /// Deletes the owner's task `id`; false when there was none.
    func delete(owner: String, id: Int64) throws(StorageError) -> Bool
    /// Throws unless the database answers a trivial query.
    func ping() throws(StorageError)
}

extension TaskStore {
    /// `list`, one record at a time.
    public func forEachTask(owner: String, query: TaskListQuery, _ body: (TaskRowView) -> Void)
        throws(StorageError)
    {
        for record in try list(owner: owner, query: query) { body(TaskRowView(record)) }
    }
}

import Storage

/// The task routes, each a plain function of validated input and a store. The owner is always the
/// authenticated subject; ids that are missing and ids of other users give the same 404. They throw what refuses
/// a request (`APIError`, or the store's `StorageError`) and `TodoApplication.handle` renders it.
struct TaskHandlers {
    let store: any TaskStore
    let owner: String
    let context: RequestContext

    private var nowMilliseconds: Int64 { context.nowMilliseconds }

    func list(query: String) throws -> APIResponse {
        let parameters = try ListParameters.parse(QueryParameters(query)).get()
        return .json(200, try TaskJSON.encodeList(store, owner: owner, query: parameters))
    }

    func create(body: [UInt8]) throws -> APIResponse {
        let input = try TaskInput.creation(body).get()
        let task = try store.create(
            owner: owner, title: input.title, description: input.description, now: nowMilliseconds)
        let location = "/api/\(PercentEncoding.encodeSegment(owner))/tasks/\(task.id)"
        return .json(201, TaskJSON.encode(task), extraHeaders: [("Location", location)])
    }

    func get(id: Int64) throws -> APIResponse {
        try found(store.get(owner: owner, id: id))
    }

    func replace(id: Int64, body: [UInt8]) throws -> APIResponse {
        let input = try TaskInput.replacement(body).get()
        let changes = TaskChanges(title: input.title, description: .some(input.description), completed: input.completed)
        return try found(store.update(owner: owner, id: id, changes: changes, now: nowMilliseconds))
    }

    func update(id: Int64, body: [UInt8]) throws -> APIResponse {
        let changes = try TaskInput.changes(body).get()
        return try found(store.update(owner: owner, id: id, changes: changes, now: nowMilliseconds))
    }

    func toggle(id: Int64) throws -> APIResponse {
        try found(store.toggle(owner: owner, id: id, now: nowMilliseconds))
    }

    func delete(id: Int64) throws -> APIResponse {
        guard try store.delete(owner: owner, id: id) else { throw APIError.taskNotFound }
        return .noContent
    }

    private func found(_ task: TaskRecord?) throws(APIError) -> APIResponse {
        guard let task else { throw APIError.taskNotFound }
        return .json(200, TaskJSON.encode(task))
    }
}

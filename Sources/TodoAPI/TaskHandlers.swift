import Storage

/// The task routes, each a plain function of validated input and a store. The owner is always the
/// authenticated subject; ids that are missing and ids of other users give the same 404.
struct TaskHandlers {
    let store: any TaskStore
    let owner: String
    let context: RequestContext

    private var nowMilliseconds: Int64 { context.nowMilliseconds }

    func list(query: String) throws -> APIResponse {
        switch ListParameters.parse(QueryParameters(query)) {
        case .failure(let error): return error.response
        case .success(let parameters):
            return .json(200, TaskJSON.encode(try store.list(owner: owner, query: parameters)))
        }
    }

    func create(body: [UInt8]) throws -> APIResponse {
        switch TaskInput.creation(body) {
        case .failure(let error): return error.response
        case .success(let input):
            let task = try store.create(
                owner: owner, title: input.title, description: input.description, now: nowMilliseconds)
            let location = "/api/\(PercentEncoding.encodeSegment(owner))/tasks/\(task.id)"
            return .json(201, TaskJSON.encode(task), extraHeaders: [("Location", location)])
        }
    }

    func get(id: Int64) throws -> APIResponse {
        found(try store.get(owner: owner, id: id))
    }

    func replace(id: Int64, body: [UInt8]) throws -> APIResponse {
        switch TaskInput.replacement(body) {
        case .failure(let error): return error.response
        case .success(let input):
            let changes = TaskChanges(
                title: input.title, description: .some(input.description), completed: input.completed)
            return found(try store.update(owner: owner, id: id, changes: changes, now: nowMilliseconds))
        }
    }

    func update(id: Int64, body: [UInt8]) throws -> APIResponse {
        switch TaskInput.changes(body) {
        case .failure(let error): return error.response
        case .success(let changes):
            return found(try store.update(owner: owner, id: id, changes: changes, now: nowMilliseconds))
        }
    }

    func toggle(id: Int64) throws -> APIResponse {
        found(try store.toggle(owner: owner, id: id, now: nowMilliseconds))
    }

    func delete(id: Int64) throws -> APIResponse {
        try store.delete(owner: owner, id: id) ? .noContent : APIError.taskNotFound.response
    }

    private func found(_ task: TaskRecord?) -> APIResponse {
        guard let task else { return APIError.taskNotFound.response }
        return .json(200, TaskJSON.encode(task))
    }
}

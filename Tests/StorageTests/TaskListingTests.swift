import Storage
import Testing

@Suite struct TaskListingTests {
    @Test(arguments: Driver.available)
    func searchesTitleAndDescriptionTreatingWildcardsLiterally(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let store = fixture.tasks
        _ = try store.create(owner: "alice", title: "100% done", description: nil, now: 1)
        _ = try store.create(owner: "alice", title: "100 percent", description: nil, now: 2)
        _ = try store.create(owner: "alice", title: "snake_case", description: nil, now: 3)
        _ = try store.create(owner: "alice", title: "snakeXcase", description: nil, now: 4)
        _ = try store.create(owner: "alice", title: "Dessert", description: "Crème BRÛLÉE", now: 5)
        _ = try store.create(owner: "alice", title: "ÉCLAIR au café", description: nil, now: 6)
        _ = try store.create(owner: "bob", title: "crème brûlée too", description: nil, now: 7)

        #expect(try fixture.titles(TaskListQuery(search: "%")) == ["100% done"])
        #expect(try fixture.titles(TaskListQuery(search: "_")) == ["snake_case"])
        #expect(try fixture.titles(TaskListQuery(search: "0% D")) == ["100% done"])
        #expect(try fixture.titles(TaskListQuery(search: "crème brûlée")) == ["Dessert"])
        #expect(try fixture.titles(TaskListQuery(search: "Éclair AU")) == ["ÉCLAIR au café"])
        #expect(try fixture.titles(TaskListQuery(search: "CAFÉ")) == ["ÉCLAIR au café"])
        #expect(try fixture.titles(TaskListQuery(search: "snake")) == ["snakeXcase", "snake_case"])
        #expect(try fixture.titles(TaskListQuery(search: "nothing like it")) == [])
        #expect(try fixture.titles(TaskListQuery(search: "brûlée"), owner: "bob") == ["crème brûlée too"])
    }

    @Test(arguments: Driver.available)
    func filtersByStatus(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let tasks = try fixture.create(["one", "two", "three"])
        _ = try fixture.tasks.toggle(owner: "alice", id: tasks[1].id, now: 10)

        #expect(try fixture.titles(TaskListQuery(status: .all)) == ["three", "two", "one"])
        #expect(try fixture.titles(TaskListQuery(status: .pending)) == ["three", "one"])
        #expect(try fixture.titles(TaskListQuery(status: .completed)) == ["two"])
        #expect(try fixture.titles(TaskListQuery(status: .pending, search: "ONE")) == ["one"])
        #expect(try fixture.titles(TaskListQuery(status: .completed, search: "one")) == [])
    }

    @Test(arguments: Driver.available)
    func pagesWithLimitAndOffset(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        try fixture.create(["1", "2", "3", "4", "5"])

        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2)) == ["1", "2"])
        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2, offset: 2)) == ["3", "4"])
        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2, offset: 4)) == ["5"])
        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2, offset: 10)) == [])
        #expect(try fixture.titles(TaskListQuery(limit: 0)) == [])
        #expect(try fixture.titles(TaskListQuery(sort: .createdDescending, limit: 3, offset: 1)) == ["4", "3", "2"])
    }
}

/// `forEachTask` (rows handed over with the driver's buffers, for the list response) gives exactly what `list`
/// gives, whatever the texts hold: NUL (PostgreSQL's escaped form), control characters, non-ASCII, an empty and a
/// missing description.
@Suite struct TaskRowViewTests {
    private func record(_ row: TaskRowView) -> TaskRecord {
        func text(_ text: TaskRowView.Text) -> String {
            switch text {
            case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
            case .string(let string): string
            }
        }
        return TaskRecord(
            id: row.id, userId: row.owner, title: text(row.title), description: row.description.map(text),
            completed: row.completed, createdAt: row.createdAt, updatedAt: row.updatedAt)
    }

    @Test(arguments: Driver.available)
    func rowsAreWhatListReturns(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let texts = ["plain", "nul\u{0}inside", "\u{1}\u{1}\u{2}", "tab\tand\nnewline", "Crème brûlée ☕️", ""]
        for (index, title) in texts.enumerated() where !title.isEmpty {
            _ = try fixture.tasks.create(
                owner: "alice", title: title, description: index % 2 == 0 ? texts[(index + 1) % texts.count] : nil,
                now: Int64(index))
        }
        _ = try fixture.tasks.create(owner: "bob", title: "not alice's", description: nil, now: 99)
        _ = try fixture.tasks.toggle(owner: "alice", id: 1, now: 100)
        for query in [TaskListQuery(), TaskListQuery(limit: 2, offset: 1), TaskListQuery(search: "n")] {
            var rows: [TaskRecord] = []
            try fixture.tasks.forEachTask(owner: "alice", query: query) { rows.append(record($0)) }
            #expect(rows == (try fixture.tasks.list(owner: "alice", query: query)))
        }
    }
}

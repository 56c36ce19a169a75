import Storage
import Testing

@Suite struct TaskCRUDTests {
    @Test(arguments: Driver.available)
    func createsAndGets(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let task = try fixture.tasks.create(owner: "alice", title: "Buy milk", description: "2 litres", now: 1_234)

        #expect(task.id > 0)
        #expect(task.userId == "alice")
        #expect(task.title == "Buy milk")
        #expect(task.description == "2 litres")
        #expect(!task.completed)
        #expect(task.createdAt == 1_234 && task.updatedAt == 1_234)
        #expect(try fixture.tasks.get(owner: "alice", id: task.id) == task)
        let bare = try fixture.tasks.create(owner: "alice", title: "no description", description: nil, now: 1)
        #expect(try fixture.tasks.get(owner: "alice", id: bare.id)?.description == nil)
        #expect(try fixture.tasks.get(owner: "alice", id: 999) == nil)
    }

    /// One task through its whole life, with a clock that goes backwards once.
    @Test(arguments: Driver.available)
    func createsReadsUpdatesTogglesAndDeletes(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let store = fixture.tasks
        let task = try store.create(owner: "alice", title: "t", description: "d", now: 1_000)
        #expect(task.createdAt == 1_000 && task.updatedAt == 1_000 && !task.completed)
        #expect(try store.get(owner: "alice", id: task.id) == task)

        let changed = try store.update(
            owner: "alice", id: task.id, changes: TaskChanges(description: .some(nil)), now: 500)
        #expect(changed?.description == nil)
        #expect(changed?.updatedAt == 1_001)  // strictly later, even with an earlier clock
        #expect(try store.update(owner: "alice", id: task.id, changes: TaskChanges(), now: 9_000) == changed)
        let toggled = try store.toggle(owner: "alice", id: task.id, now: 2_000)
        #expect(toggled?.completed == true && toggled?.updatedAt == 2_000)
        let renamed = try store.update(
            owner: "alice", id: task.id, changes: TaskChanges(title: "u", completed: false), now: 2_000)
        #expect(renamed?.title == "u" && renamed?.completed == false && renamed?.updatedAt == 2_001)
        #expect(try store.delete(owner: "alice", id: task.id))
        #expect(try !store.delete(owner: "alice", id: task.id))
        #expect(try store.get(owner: "alice", id: task.id) == nil)
        // Ids are never reused.
        #expect(try store.create(owner: "alice", title: "n", description: nil, now: 3).id > task.id)
    }

    @Test(arguments: Driver.available)
    func updatesOnlyTheNamedFields(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let task = try fixture.tasks.create(owner: "alice", title: "old", description: "text", now: 1_000)

        let renamed = try #require(
            try fixture.tasks.update(owner: "alice", id: task.id, changes: TaskChanges(title: "new"), now: 2_000))
        #expect(renamed.title == "new" && renamed.description == "text" && !renamed.completed)
        #expect(renamed.createdAt == 1_000 && renamed.updatedAt == 2_000)

        let described = try fixture.tasks.update(
            owner: "alice", id: task.id, changes: TaskChanges(description: .some("other")), now: 3_000)
        #expect(described?.description == "other" && described?.title == "new")

        let cleared = try fixture.tasks.update(
            owner: "alice", id: task.id, changes: TaskChanges(description: .some(nil), completed: true), now: 4_000)
        #expect(cleared?.description == nil && cleared?.completed == true && cleared?.title == "new")
        #expect(cleared?.createdAt == 1_000 && cleared?.updatedAt == 4_000)
        #expect(try fixture.tasks.get(owner: "alice", id: task.id) == cleared)
    }

    @Test(arguments: Driver.available)
    func anUpdateThatNamesNothingChangesNothing(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let task = try fixture.tasks.create(owner: "alice", title: "same", description: nil, now: 1_000)

        let result = try fixture.tasks.update(owner: "alice", id: task.id, changes: TaskChanges(), now: 9_000)

        #expect(result == task)
        #expect(try fixture.tasks.get(owner: "alice", id: task.id) == task)
        #expect(try fixture.tasks.update(owner: "alice", id: 999, changes: TaskChanges(), now: 9_000) == nil)
        #expect(try fixture.tasks.update(owner: "alice", id: 999, changes: TaskChanges(title: "x"), now: 9_000) == nil)
    }

    @Test(arguments: Driver.available)
    func togglesBackAndForth(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let task = try fixture.tasks.create(owner: "alice", title: "flip", description: nil, now: 1_000)

        let done = try fixture.tasks.toggle(owner: "alice", id: task.id, now: 2_000)
        let undone = try fixture.tasks.toggle(owner: "alice", id: task.id, now: 3_000)

        #expect(done?.completed == true && done?.updatedAt == 2_000)
        #expect(undone?.completed == false && undone?.updatedAt == 3_000 && undone?.createdAt == 1_000)
        #expect(try fixture.tasks.toggle(owner: "alice", id: 999, now: 1) == nil)
    }

    @Test(arguments: Driver.available)
    func deletesOnce(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let task = try fixture.tasks.create(owner: "alice", title: "gone", description: nil, now: 1)

        #expect(try fixture.tasks.delete(owner: "alice", id: task.id))
        #expect(try fixture.tasks.get(owner: "alice", id: task.id) == nil)
        #expect(try !fixture.tasks.delete(owner: "alice", id: task.id))
    }

    @Test(arguments: Driver.available)
    func updatedAtMovesStrictlyEvenWithinOneMillisecond(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let task = try fixture.tasks.create(owner: "alice", title: "t", description: nil, now: 5_000)
        var stamps: [Int64] = []

        for index in 0..<5 {
            let updated = try fixture.tasks.update(
                owner: "alice", id: task.id, changes: TaskChanges(title: "t\(index)"), now: 5_000)
            stamps.append(updated!.updatedAt)
        }
        stamps.append(try fixture.tasks.toggle(owner: "alice", id: task.id, now: 5_000)!.updatedAt)
        // A clock that went backwards still moves it forwards; a later clock wins.
        stamps.append(try fixture.tasks.toggle(owner: "alice", id: task.id, now: 10)!.updatedAt)
        stamps.append(try fixture.tasks.toggle(owner: "alice", id: task.id, now: 9_000)!.updatedAt)

        #expect(stamps == [5_001, 5_002, 5_003, 5_004, 5_005, 5_006, 5_007, 9_000])
        #expect(try fixture.tasks.get(owner: "alice", id: task.id)?.createdAt == 5_000)
    }

    @Test(arguments: Driver.available)
    func nulAndEmojiInTitlesRoundTrip(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let title = "nul\u{0}inside 😀 👩‍👩‍👧 e\u{301}"
        let description = "also\u{0}here 🎉"

        let task = try fixture.tasks.create(owner: "ünï\u{0}👤", title: title, description: description, now: 1)
        let read = try #require(try fixture.tasks.get(owner: "ünï\u{0}👤", id: task.id))

        #expect(read.title == title && read.description == description && read.userId == "ünï\u{0}👤")
        #expect(try fixture.tasks.get(owner: "ünï", id: task.id) == nil)
        #expect(try fixture.titles(TaskListQuery(sort: .title, search: "👩‍👩‍👧"), owner: "ünï\u{0}👤") == [title])
    }

    /// U+0000 and U+0001 (PostgreSQL's text stores both through an escape) and other control characters.
    @Test(arguments: Driver.available)
    func keepsNulAndControlCharactersExactly(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let store = fixture.tasks
        let text = "nul\u{0}inside \u{1}\u{1f} control"
        let task = try store.create(owner: "a\u{0}b", title: text, description: text, now: 1)
        #expect(task.title == text && task.description == text && task.userId == "a\u{0}b")
        #expect(try store.get(owner: "a\u{0}b", id: task.id) == task)
        #expect(try store.get(owner: "a", id: task.id) == nil)
        #expect(try fixture.titles(TaskListQuery(search: "\u{0}INSIDE"), owner: "a\u{0}b") == [text])
    }

    @Test(arguments: Driver.available)
    func pingAnswers(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        try fixture.tasks.ping()
    }
}

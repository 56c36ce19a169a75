import JSON
import SQLiteStorage
import Storage
import TestSupport
import Testing
import TodoAPI

/// The task list is written through a bounded cursor (one allocation): what it writes must parse back to the same
/// fields, whatever the strings hold, and fit the bound even when every byte needs an escape.
@Suite("TaskJSON")
struct TaskJSONTests {
    private func task(_ id: Int64, title: String, description: String?, completed: Bool = false) -> TaskRecord {
        TaskRecord(
            id: id, userId: "user \"\\ \u{01}", title: title, description: description, completed: completed,
            createdAt: 1_768_123_800_000 + id % 1000, updatedAt: -1)
    }

    private var tasks: [TaskRecord] {
        let controls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        return [
            task(1, title: controls, description: nil),
            task(.max, title: "\"\\\"\\", description: controls + controls, completed: true),
            task(.min, title: "日本語 👩‍👩‍👧 e\u{301}", description: ""),
            task(0, title: "", description: "\u{2028}"),
        ]
    }

    @Test("an empty list is []")
    func empty() {
        #expect(TaskJSON.encode([TaskRecord]()) == Array("[]".utf8))
    }

    @Test("every field parses back as it was, for escapes, non-ASCII text and both ends of Int64")
    func roundTrip() throws {
        let parsed = try #require(try JSONParser.parse(TaskJSON.encode(tasks)).arrayValue)
        #expect(parsed.count == tasks.count)
        for (json, task) in zip(parsed, tasks) {
            #expect(json["id"]?.numberValue == Double(task.id))
            #expect(json["user_id"]?.stringValue == task.userId)
            #expect(json["title"]?.stringValue == task.title)
            #expect(json["description"] == task.description.map(JSONValue.string) ?? .null)
            #expect(json["completed"] == .bool(task.completed))
            #expect(json["created_at"]?.stringValue == Timestamp.format(milliseconds: task.createdAt))
            #expect(json["updated_at"]?.stringValue == "1969-12-31T23:59:59.999Z")
        }
    }

    @Test("one task is the list's element, byte for byte")
    func single() {
        let list = TaskJSON.encode(tasks)
        let joined =
            [UInt8]("[".utf8) + tasks.map(TaskJSON.encode).joined(separator: [UInt8(ascii: ",")]) + [
                UInt8(ascii: "]")
            ]
        #expect(list == joined)
    }

    @Test("a list written from SQLite's buffers is what encoding the listed records writes, invalid UTF-8 included")
    func listFromRows() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteDatabase.open(path: directory.file("todo.db"))
        defer { connection.close() }
        let store = SQLTaskStore(connection)
        let controls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let titles = ["plain ASCII, long enough for the eight-byte scan", controls, "\"\\", "日本語 👩‍👩‍👧", "x"]
        for (index, title) in titles.enumerated() {
            _ = try store.create(
                owner: "owner \"q\"", title: title, description: index % 2 == 0 ? nil : title + "!", now: Int64(index))
        }
        // Bytes that are not UTF-8, stored by another program: repaired (U+FFFD) on both paths alike.
        try connection.execute("UPDATE tasks SET description = CAST(X'61FF62C3' AS TEXT) WHERE title = 'x'", [])
        for query in [TaskListQuery(), TaskListQuery(limit: 1), TaskListQuery(limit: 2, offset: 4)] {
            let records = try store.list(owner: "owner \"q\"", query: query)
            let written = try TaskJSON.encodeList(store, owner: "owner \"q\"", query: query)
            #expect(written == TaskJSON.encode(records))
        }
        #expect(try store.list(owner: "owner \"q\"", query: TaskListQuery()).first?.description == "a\u{FFFD}b\u{FFFD}")
        #expect(try TaskJSON.encodeList(store, owner: "nobody", query: TaskListQuery()) == Array("[]".utf8))
    }
}

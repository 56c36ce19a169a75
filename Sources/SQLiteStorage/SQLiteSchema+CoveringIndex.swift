extension SQLiteSchema {
    /// Version 5: the default listing's index (owner, created_at, id) also holds every other task column, so a
    /// list page is read from the index alone, without a table lookup per row (callgrind on `todo-bench handle`:
    /// 142k instructions per list-20 request before, 119k after; a create costs about 2 % more). The price is disk:
    /// about 40 % more for a table of short tasks. Every listing order by creation, any status or search, uses it.
    static let coveringListIndex = """
        DROP INDEX tasks_owner_created;
        CREATE INDEX tasks_owner_created ON tasks (user_id, created_at, id, completed, updated_at, title, description);
        """
}

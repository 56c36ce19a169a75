/// Every SQL text the stores run, in one driver's dialect: each driver fills one table (`SQLiteDialect`,
/// `PGDialect`) and the stores, written once, read their statements from it. Placeholders are numbered
/// (`?1`, `$1`); each text's doc comment says what they are, the same in every dialect.
public struct SQLDialect: Sendable {
    /// Task statements. Every one names the owner as placeholder 1 in its WHERE clause (or binds it as 1 in the
    /// INSERT): no statement can reach another owner's rows.
    public struct Tasks: Sendable {
        /// 1 owner, 2 title, 3 description, 4 now; returns the row in `TaskRecord` column order.
        public var insert: String
        /// 1 owner, 2 id.
        public var select: String
        /// 1 owner, 2 id, 3 title or NULL to keep, 4 whether to set the description, 5 description,
        /// 6 completed or NULL to keep, 7 now: `updated_at` becomes max(now, updated_at + 1).
        public var update: String
        /// 1 owner, 2 id, 3 now: flips `completed` and moves `updated_at` like `update`.
        public var toggle: String
        /// 1 owner, 2 id.
        public var delete: String
        /// 1 owner, 2 limit, 3 offset, and 4 the search text (as `searchArgument` turns it) when searching.
        public var list: TaskListTexts
        /// What is bound for a search: the text itself, or the text case-folded the way the SQL folds columns.
        public var searchArgument: @Sendable (String) -> String

        public init(
            insert: String, select: String, update: String, toggle: String, delete: String, list: TaskListTexts,
            searchArgument: @escaping @Sendable (String) -> String
        ) {
            self.insert = insert
            self.select = select
            self.update = update
            self.toggle = toggle
            self.delete = delete
            self.list = list
            self.searchArgument = searchArgument
        }
    }

    /// User statements; the columns are `UserRecord`'s, in its order.
    public struct Users: Sendable {
        /// 1...8 the columns. Inserts nothing when the email is taken; an id collision still fails.
        public var insert: String
        /// 1...8 the columns. Inserts nothing when the id or the email is taken.
        public var importOne: String
        /// 1 email.
        public var selectByEmail: String
        /// 1 id.
        public var selectByID: String
        /// 1 id.
        public var delete: String
        /// 1 owner: the tasks of a deleted user.
        public var deleteTasks: String
        /// 1 owner: the refresh tokens of a deleted user.
        public var deleteRefreshTokens: String

        public init(
            insert: String, importOne: String, selectByEmail: String, selectByID: String, delete: String,
            deleteTasks: String, deleteRefreshTokens: String
        ) {
            self.insert = insert
            self.importOne = importOne
            self.selectByEmail = selectByEmail
            self.selectByID = selectByID
            self.delete = delete
            self.deleteTasks = deleteTasks
            self.deleteRefreshTokens = deleteRefreshTokens
        }
    }

    /// Refresh-token statements. Tokens are named by the SHA-256 of their text.
    public struct RefreshTokens: Sendable {
        /// 1 hash, 2 user, 3 family, 4 expires at, 5 now.
        public var insert: String
        /// 1 hash: user, family, expiry, spent and revoked times, the row locked until the transaction ends where
        /// the database locks rows (so two hosts presenting one token are served one after the other).
        public var selectForRotation: String
        /// 1 hash, 2 now. Only a token not yet spent.
        public var spend: String
        /// 1 hash, 2 owner: the family of the owner's token.
        public var ownedFamily: String
        /// 1 family, 2 now.
        public var revokeFamily: String
        /// 1 owner, 2 now.
        public var revokeAll: String
        /// 1 owner, 2 now: the owner's rows that can never be used again (expired, or of a revoked family).
        public var pruneDead: String
        /// 1 owner, 2 now, 3 families to keep: every row of the owner's live families but the 3 used most recently
        /// (a live family has exactly one live token, the newest of its chain).
        public var dropLeastRecentFamilies: String

        public init(
            insert: String, selectForRotation: String, spend: String, ownedFamily: String, revokeFamily: String,
            revokeAll: String, pruneDead: String, dropLeastRecentFamilies: String
        ) {
            self.insert = insert
            self.selectForRotation = selectForRotation
            self.spend = spend
            self.ownedFamily = ownedFamily
            self.revokeFamily = revokeFamily
            self.revokeAll = revokeAll
            self.pruneDead = pruneDead
            self.dropLeastRecentFamilies = dropLeastRecentFamilies
        }
    }

    /// Session statements: the metadata of a refresh-token family (who started it), and the live families.
    public struct Sessions: Sendable {
        /// 1 family, 2 user, 3 created at, 4 ip address, 5 user agent.
        public var insert: String
        /// 1 owner: the owner's session rows whose family has no token left.
        public var pruneOrphans: String
        /// 1 owner, 2 now: the owner's live sessions, newest first, in `SessionRecord` order (id, user, created,
        /// updated, expires, ip address, user agent).
        public var live: String
        /// 1 family, 2 now: that live session, in the same order.
        public var liveOne: String
        /// 1 family, 2 owner, 3 now: revokes the family's tokens when it is the owner's.
        public var revokeOwned: String
        /// 1 owner, 2 now: the ids of the owner's families that have a token not yet revoked.
        public var unrevokedFamilies: String

        public init(
            insert: String, pruneOrphans: String, live: String, liveOne: String, revokeOwned: String,
            unrevokedFamilies: String
        ) {
            self.insert = insert
            self.pruneOrphans = pruneOrphans
            self.live = live
            self.liveOne = liveOne
            self.revokeOwned = revokeOwned
            self.unrevokedFamilies = unrevokedFamilies
        }
    }

    /// Account changes and password-reset tokens (named by the SHA-256 of their text, used once).
    public struct AccountChanges: Sendable {
        /// 1 id, 2 name or NULL to keep, 3 whether to set the image, 4 image, 5 now.
        public var updateProfile: String
        /// 1 id, 2 password hash, 3 now.
        public var setPassword: String
        /// 1 email, 2 now: marks the address verified; returns the user's id.
        public var verifyEmail: String
        /// 1 hash, 2 user, 3 expires at, 4 now.
        public var insertResetToken: String
        /// 1 owner, 2 now: the owner's expired reset tokens.
        public var pruneResetTokens: String
        /// 1 hash, 2 now: the user of a live reset token.
        public var resetTokenUser: String
        /// 1 hash, 2 now: deletes a live reset token and returns its user.
        public var consumeResetToken: String

        public init(
            updateProfile: String, setPassword: String, verifyEmail: String, insertResetToken: String,
            pruneResetTokens: String, resetTokenUser: String, consumeResetToken: String
        ) {
            self.updateProfile = updateProfile
            self.setPassword = setPassword
            self.verifyEmail = verifyEmail
            self.insertResetToken = insertResetToken
            self.pruneResetTokens = pruneResetTokens
            self.resetTokenUser = resetTokenUser
            self.consumeResetToken = consumeResetToken
        }
    }

    /// Revocation statements.
    public struct Revocations: Sendable {
        /// 1 kind, 2 id, 3 revoked at: a revocation, keeping the later time when it exists.
        public var record: String
        /// 1 time: revocations older than it.
        public var prune: String
        /// 1 time: revocations recorded after it.
        public var since: String

        public init(record: String, prune: String, since: String) {
            self.record = record
            self.prune = prune
            self.since = since
        }
    }

    /// The schema: its migrations and how the database records its version.
    public struct Schema: Sendable {
        /// Every migration in order, versions 1, 2, 3... (the same versions in every dialect); append new ones,
        /// never edit a released one.
        public var migrations: [Migration]
        /// Run first inside the migration transaction, before the version is read again: takes whatever lock
        /// makes one process of several migrate (nil when the write transaction is that lock already).
        public var lockScript: String?
        /// The version the database records (0 for a new one).
        public var readVersion: @Sendable (any StatementRunner) throws(StorageError) -> Int
        /// The script that records `version`.
        public var setVersionScript: @Sendable (Int) -> String

        public init(
            migrations: [Migration], lockScript: String?,
            readVersion: @escaping @Sendable (any StatementRunner) throws(StorageError) -> Int,
            setVersionScript: @escaping @Sendable (Int) -> String
        ) {
            self.migrations = migrations
            self.lockScript = lockScript
            self.readVersion = readVersion
            self.setVersionScript = setVersionScript
        }
    }

    public var tasks: Tasks
    public var users: Users
    public var refreshTokens: RefreshTokens
    public var revocations: Revocations
    public var sessions: Sessions
    public var accountChanges: AccountChanges
    public var schema: Schema
    /// A statement that any live database answers (`SELECT 1`).
    public var ping: String

    public init(
        tasks: Tasks, users: Users, refreshTokens: RefreshTokens, revocations: Revocations, sessions: Sessions,
        accountChanges: AccountChanges, schema: Schema, ping: String = "SELECT 1"
    ) {
        self.tasks = tasks
        self.users = users
        self.refreshTokens = refreshTokens
        self.revocations = revocations
        self.sessions = sessions
        self.accountChanges = accountChanges
        self.schema = schema
        self.ping = ping
    }
}

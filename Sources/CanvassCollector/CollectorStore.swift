public import CanvassForms
import CanvassResponses
public import Foundation
import GRDB
import NIOPosix

/// The collector's data folder: an SQLite database (WAL, `synchronous=FULL`) holding responses and tokens, and the
/// attachments stored by their SHA-256.
///
/// ```
/// DATA/canvass.sqlite           responses, tokens
/// DATA/attachments/ab/abcdef…   attachment bytes, named by SHA-256
/// DATA/tmp/                     uploads in progress (emptied when canvass serve starts)
/// ```
public final class CollectorStore: Sendable {
    /// The data folder.
    public let folder: String
    let pool: DatabasePool
    /// Where attachments live.
    let attachments: AttachmentStore

    /// The database file's name inside the data folder.
    public static let databaseName = "canvass.sqlite"

    /// Opens (creating if needed) the store in `folder`.
    public init(folder: String) throws(CollectorError) {
        self.folder = folder
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CollectorError.environment(
                "could not create the data folder \(folder): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let path = (folder as NSString).appendingPathComponent(Self.databaseName)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // WAL (DatabasePool's mode) with a full sync on every commit, so a commit that returned is on disk.
            // Set on the writer after the pool is open: GRDB sets `synchronous = NORMAL` when it enables WAL, after
            // any `prepareDatabase` hook has run.
            try pool.barrierWriteWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Self.migrator.migrate(pool)
        } catch {
            throw CollectorError.environment("could not open the store \(path): \(Self.describe(error))")
        }
        attachments = try AttachmentStore(folder: folder)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE response (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        form TEXT NOT NULL,
                        formVersion TEXT NOT NULL,
                        organisation TEXT NOT NULL,
                        tokenId TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        receivedAt TEXT NOT NULL,
                        deprecates TEXT,
                        replacedBy TEXT,
                        body BLOB NOT NULL
                    );
                    CREATE INDEX response_by_form ON response(form, seq);
                    CREATE TABLE form (
                        id TEXT NOT NULL,
                        version TEXT NOT NULL,
                        definition TEXT NOT NULL,
                        servedAt TEXT NOT NULL,
                        PRIMARY KEY (id, version)
                    );
                    CREATE TABLE token (
                        id TEXT PRIMARY KEY,
                        secretHash BLOB NOT NULL,
                        role TEXT NOT NULL,
                        organisation TEXT,
                        forms TEXT NOT NULL,
                        createdAt TEXT NOT NULL,
                        lastUsedAt TEXT,
                        revokedAt TEXT
                    );
                    """)
        }
        migrator.registerMigration("v2: receivedAt index") { db in
            // For `?since=<time>`, which would otherwise scan every response.
            try db.execute(sql: "CREATE INDEX response_by_time ON response(receivedAt)")
        }
        return migrator
    }

    /// Describes a database error in words, without the SQL (which could hold answers).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return String(describing: error)
    }

    /// The writer's `PRAGMA synchronous` level (2 is FULL: every commit is synced to disk before it returns).
    public func synchronousLevel() throws(CollectorError) -> Int {
        try writing("read the sync level") { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Removes attachment uploads a crash interrupted; for `canvass serve`, once it holds the data folder's lock.
    public func removeInterruptedUploads() { attachments.removeInterruptedUploads() }

    /// Closes the database; the store must not be used afterwards.
    public func close() throws(CollectorError) {
        do { try pool.close() } catch {
            throw CollectorError.environment("could not close the store: \(Self.describe(error))")
        }
    }
}

// MARK: - Forms

extension CollectorStore {
    /// Records the forms being served, so the data folder alone says what its responses answer.
    public func saveForms(_ forms: [Form]) throws(CollectorError) {
        let time = Timestamp.now()
        try writing("record the forms served") { db in
            for form in forms {
                try db.execute(
                    sql: """
                        INSERT INTO form (id, version, definition, servedAt) VALUES (?, ?, ?, ?)
                        ON CONFLICT (id, version) DO UPDATE SET definition = excluded.definition,
                            servedAt = excluded.servedAt
                        """,
                    arguments: [form.id, form.version, form.json.canonicalText, time])
            }
        }
    }

    /// The form with this id as it was last served (the latest version), if it ever was.
    public func form(id: String) throws(CollectorError) -> Form? {
        let definition = try reading("read the form") { db in
            try String.fetchOne(
                db, sql: "SELECT definition FROM form WHERE id = ? ORDER BY servedAt DESC, version DESC LIMIT 1",
                arguments: [id])
        }
        guard let definition else { return nil }
        do { return try Form.load(text: definition, path: "\(folder)/\(Self.databaseName)#form/\(id)") } catch {
            throw CollectorError.environment("the stored definition of the form '\(id)' does not load: \(error)")
        }
    }
}

// MARK: - Tokens

extension CollectorStore {
    /// Makes a token and returns its record and its text, which is shown once and never stored.
    public func createToken(role: TokenRole, organisation: String?, forms: [String]) throws(CollectorError) -> (
        TokenRecord, TokenText
    ) {
        let text = TokenText.generate()
        let record = TokenRecord(
            id: text.id, role: role, organisation: organisation, forms: forms,
            createdAt: Timestamp.now(), lastUsedAt: nil, revokedAt: nil, secretHash: text.secretHash)
        try writing("save the token") { db in
            try db.execute(
                sql: """
                    INSERT INTO token (id, secretHash, role, organisation, forms, createdAt) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id, Data(record.secretHash), record.role.rawValue, record.organisation,
                    forms.joined(separator: "\n"), record.createdAt,
                ])
        }
        return (record, text)
    }

    /// Every token, oldest first.
    public func tokens() throws(CollectorError) -> [TokenRecord] {
        try reading("read the tokens") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM token ORDER BY createdAt, id").map(Self.token(from:))
        }
    }

    /// The token with this id, if there is one.
    public func token(id: String) throws(CollectorError) -> TokenRecord? {
        try reading("read the token") { db in try Self.fetchToken(id, in: db) }
    }

    /// `token(id:)` without blocking the caller's thread (an event loop).
    func tokenAsync(id: String) async throws -> TokenRecord? {
        try await pool.read { db in try Self.fetchToken(id, in: db) }
    }

    private static func fetchToken(_ id: String, in db: Database) throws -> TokenRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM token WHERE id = ?", arguments: [id]).map(token(from:))
    }

    /// Revokes a token; `false` if there is no such token.
    public func revokeToken(id: String) throws(CollectorError) -> Bool {
        try writing("revoke the token") { db in
            try db.execute(
                sql: "UPDATE token SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL",
                arguments: [Timestamp.now(), id])
            if db.changesCount > 0 { return true }
            return try Bool.fetchOne(db, sql: "SELECT 1 FROM token WHERE id = ?", arguments: [id]) ?? false
        }
    }

    /// Records that the tokens were used at `time`.
    func touchTokens(_ ids: some Collection<String>, at time: String, in db: Database) throws {
        for id in ids {
            try db.cachedStatement(sql: "UPDATE token SET lastUsedAt = ? WHERE id = ?").execute(arguments: [time, id])
        }
    }

    private static func token(from row: Row) -> TokenRecord {
        let forms: String = row["forms"]
        let hash: Data = row["secretHash"]
        return TokenRecord(
            id: row["id"], role: TokenRole(rawValue: row["role"]) ?? .submitter, organisation: row["organisation"],
            forms: forms.isEmpty ? [] : forms.components(separatedBy: "\n"), createdAt: row["createdAt"],
            lastUsedAt: row["lastUsedAt"], revokedAt: row["revokedAt"], secretHash: Array(hash))
    }
}

// MARK: - Responses

/// A response ready to be stored.
struct Submission: Sendable {
    var id: String
    var form: String
    var formVersion: String
    var organisation: String
    var tokenId: String
    var deprecates: String?
    /// The canonical JSON of the response.
    var body: [UInt8]
    var sha256: String
}

/// What the store answers for one submission.
enum StoreOutcome: Sendable, Equatable {
    /// Newly stored: 201 with the receipt.
    case stored(Receipt)
    /// The same response was stored before: 200 with the first receipt.
    case duplicate(Receipt)
    /// Refused: 409 with the reason.
    case conflict(String)
    /// The correction names no response it may replace: 400 with the reason.
    case badCorrection(String)
}

/// The collector's acknowledgement of a stored response.
public struct Receipt: Sendable, Equatable {
    /// The response id.
    public var id: String
    /// SHA-256 of the response's canonical JSON as stored.
    public var sha256: String
    /// When the collector stored it.
    public var receivedAt: String
}

/// A stored response, as reading the store gives it.
public struct StoredResponse: Sendable {
    /// The order it was stored in (the `since` cursor).
    public var sequence: Int64
    /// The response id.
    public var id: String
    /// The organisation of the token it came with.
    public var organisation: String
    /// When the collector stored it.
    public var receivedAt: String
    /// The id of the correction that replaced it, if one did.
    public var replacedBy: String?
    /// SHA-256 of `body`.
    public var sha256: String
    /// The response's canonical JSON.
    public var body: Data
}

extension CollectorStore {
    /// Stores a batch of submissions in one transaction (one fsync), deciding each in order.
    ///
    /// Throws when the transaction failed: then nothing of the batch was stored.
    func commit(_ batch: [Submission]) async throws -> [StoreOutcome] {
        let time = Timestamp.now()
        return try await pool.write { db in
            var outcomes: [StoreOutcome] = []
            outcomes.reserveCapacity(batch.count)
            var users: Set<String> = []
            for submission in batch {
                let outcome = try Self.decide(submission, at: time, in: db)
                if case .stored = outcome { users.insert(submission.tokenId) }
                outcomes.append(outcome)
            }
            try self.touchTokens(users, at: time, in: db)
            return outcomes
        }
    }

    private static func decide(_ submission: Submission, at time: String, in db: Database) throws -> StoreOutcome {
        if submission.deprecates == nil {
            // The usual case, a new response, costs one statement; only a clash reads the stored one.
            try db.cachedStatement(
                sql: """
                    INSERT INTO response (id, form, formVersion, organisation, tokenId, sha256, receivedAt, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                    """
            ).execute(arguments: [
                submission.id, submission.form, submission.formVersion, submission.organisation, submission.tokenId,
                submission.sha256, time, Data(submission.body),
            ])
            if db.changesCount == 1 {
                return .stored(Receipt(id: submission.id, sha256: submission.sha256, receivedAt: time))
            }
        }
        if let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT organisation, sha256, receivedAt FROM response WHERE id = ?"),
            arguments: [submission.id])
        {
            let organisation: String = existing["organisation"]
            let sha256: String = existing["sha256"]
            guard organisation == submission.organisation, sha256 == submission.sha256 else {
                return .conflict("a different response with the id '\(submission.id)' is already stored")
            }
            return .duplicate(Receipt(id: submission.id, sha256: sha256, receivedAt: existing["receivedAt"]))
        }
        guard let deprecated = submission.deprecates else {
            throw DatabaseError(message: "a response was neither stored nor found")
        }
        let old = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT organisation, form, replacedBy FROM response WHERE id = ?"),
            arguments: [deprecated])
        guard let old, old["organisation"] == submission.organisation, old["form"] == submission.form else {
            return .badCorrection(
                "deprecates names '\(deprecated)', which is not a response your organisation sent to this form")
        }
        if let newer: String = old["replacedBy"] {
            return .conflict("the response '\(deprecated)' was already replaced by '\(newer)'; correct that one")
        }
        try db.cachedStatement(sql: "UPDATE response SET replacedBy = ? WHERE id = ?")
            .execute(arguments: [submission.id, deprecated])
        try db.cachedStatement(
            sql: """
                INSERT INTO response (id, form, formVersion, organisation, tokenId, sha256, receivedAt, deprecates, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            submission.id, submission.form, submission.formVersion, submission.organisation, submission.tokenId,
            submission.sha256, time, submission.deprecates, Data(submission.body),
        ])
        return .stored(Receipt(id: submission.id, sha256: submission.sha256, receivedAt: time))
    }

    /// The response with this id and its receipt, if this organisation stored it.
    func storedResponse(id: String, organisation: String) async throws -> (Response, Receipt)? {
        let row = try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT body, sha256, receivedAt FROM response WHERE id = ? AND organisation = ?",
                arguments: [id, organisation])
        }
        guard let row, let body: Data = row["body"], let response = try? Response(parsing: Array(body)) else {
            return nil
        }
        return (response, Receipt(id: id, sha256: row["sha256"], receivedAt: row["receivedAt"]))
    }

    /// The newest response in the chain of corrections starting at `id` (the response itself if nothing replaced it),
    /// if this organisation stored it.
    func latestCorrection(of id: String, organisation: String) async throws -> String? {
        try await pool.read { db in
            var current = id
            var seen: Set<String> = []
            while seen.insert(current).inserted {
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT replacedBy FROM response WHERE id = ? AND organisation = ?",
                        arguments: [current, organisation])
                else { return nil }
                guard let newer: String = row["replacedBy"] else { return current }
                current = newer
            }
            return current
        }
    }

    /// The attachments (as "name\nsha256") of the response with this id, if this organisation stored it.
    func attachmentKeys(ofResponse id: String, organisation: String) async throws -> Set<String> {
        let body = try await pool.read { db in
            try Data.fetchOne(
                db, sql: "SELECT body FROM response WHERE id = ? AND organisation = ?", arguments: [id, organisation])
        }
        guard let body, let stored = try? Response(parsing: Array(body)) else { return [] }
        return Set(stored.attachments.map { "\($0.name)\n\($0.sha256)" })
    }

    /// Up to `limit` responses to `form` stored after `sequence`, in the order they were stored.
    ///
    /// Replaced responses are left out unless `includingReplaced`.
    public func responses(
        to form: String, after sequence: Int64 = 0, limit: Int = 1000, includingReplaced: Bool = false
    ) throws(CollectorError) -> [StoredResponse] {
        try reading("read the responses") { db in
            let current = includingReplaced ? "" : "AND replacedBy IS NULL"
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, id, organisation, receivedAt, replacedBy, sha256, body FROM response
                    WHERE form = ? AND seq > ? \(current) ORDER BY seq LIMIT ?
                    """,
                arguments: [form, sequence, limit]
            ).map { row in
                StoredResponse(
                    sequence: row["seq"], id: row["id"], organisation: row["organisation"],
                    receivedAt: row["receivedAt"], replacedBy: row["replacedBy"], sha256: row["sha256"],
                    body: row["body"])
            }
        }
    }

    /// `responses(to:after:limit:includingReplaced:)` read without blocking the caller's thread.
    func responsesPage(
        to form: String, after sequence: Int64, limit: Int, includingReplaced: Bool
    ) async throws -> [StoredResponse] {
        try await NIOThreadPool.singleton.runIfActive {
            try self.responses(to: form, after: sequence, limit: limit, includingReplaced: includingReplaced)
        }
    }

    /// Records that an analyst's token was used to read.
    func touchToken(_ id: String) async {
        try? await pool.write { db in try self.touchTokens([id], at: Timestamp.now(), in: db) }
    }

    /// How many responses to `form` there are of each form version (current ones, or all with `includingReplaced`).
    public func formVersions(of form: String, includingReplaced: Bool = false) throws(CollectorError) -> [String: Int] {
        try reading("count the responses") { db in
            let current = includingReplaced ? "" : "AND replacedBy IS NULL"
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT formVersion, count(*) AS n FROM response WHERE form = ? \(current) GROUP BY formVersion",
                arguments: [form])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["formVersion"] as String, $0["n"] as Int) })
        }
    }

    /// The sequence of the last response stored (0 when there is none).
    public func highestSequence() throws(CollectorError) -> Int64 {
        try reading("read the responses") { db in
            try Int64.fetchOne(db, sql: "SELECT max(seq) FROM response") ?? 0
        }
    }

    /// The highest sequence stored before the given time (stored form, see `Timestamp.normalised`), for `?since=`
    /// given as a time; read without blocking the caller's thread (an event loop).
    func lastSequence(before time: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT max(seq) FROM response WHERE receivedAt < ?", arguments: [time]) ?? 0
        }
    }

    // MARK: Plumbing

    private func reading<T>(_ what: String, _ body: (Database) throws -> T) throws(CollectorError) -> T {
        do { return try pool.read(body) } catch {
            throw CollectorError.environment("could not \(what): \(Self.describe(error))")
        }
    }

    private func writing<T>(_ what: String, _ body: (Database) throws -> T) throws(CollectorError) -> T {
        do { return try pool.write(body) } catch {
            throw CollectorError.environment("could not \(what): \(Self.describe(error))")
        }
    }
}

/// Timestamps the collector writes: RFC 3339 in UTC with milliseconds.
enum Timestamp {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: spec.tv_sec, milliseconds: spec.tv_nsec / 1_000_000)
    }

    /// An RFC 3339 time (`2026-11-28T10:00:00Z`, with or without fractions, `Z` or an offset) in the stored
    /// form, so that it compares correctly with stored times as text; `nil` if it is not such a time.
    static func normalised(_ text: String) -> String? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // RFC 3339 allows a lower-case t and z.
        let text = text.uppercased()
        guard let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text) else { return nil }
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let seconds = Int(milliseconds / 1000)
        return format(seconds: seconds, milliseconds: Int(milliseconds) - seconds * 1000)
    }

    private static func format(seconds: Int, milliseconds: Int) -> String {
        var seconds = time_t(seconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))."
            + "\(pad(milliseconds, 3))Z"
    }
}

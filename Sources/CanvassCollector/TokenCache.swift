import Synchronization

/// Tokens as the collector checks them: read from the store and kept for a second, so a revoked token stops
/// working within a second without a database read on every request.
final class TokenCache: Sendable {
    private struct Entry {
        var record: TokenRecord?
        var read: ContinuousClock.Instant
    }

    private let store: CollectorStore
    private let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    init(store: CollectorStore, lifetime: Duration = .seconds(1)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// The live token `text` stands for, or `nil` if it is unknown, wrong or revoked.
    func authenticate(_ text: TokenText) throws(CollectorError) -> TokenRecord? {
        let now = ContinuousClock.now
        let cached = entries.withLock { entries in entries[text.id] }
        let record: TokenRecord?
        if let cached, now - cached.read < lifetime {
            record = cached.record
        } else {
            record = try store.token(id: text.id)
            entries.withLock { entries in
                if entries.count > 100_000 { entries.removeAll() }
                entries[text.id] = Entry(record: record, read: now)
            }
        }
        guard let record, record.revokedAt == nil, text.matches(record.secretHash) else { return nil }
        return record
    }
}

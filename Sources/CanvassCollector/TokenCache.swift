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
    /// Authorization headers whose token matched its record, with that record and when it was read.
    private let verified = Mutex<[String: Entry]>([:])

    init(store: CollectorStore, lifetime: Duration = .seconds(1)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// The record of a token sent in exactly this Authorization header and verified while its record is fresh.
    func recentlyVerified(_ header: String) -> TokenRecord? {
        guard let known = verified.withLock({ $0[header] }), ContinuousClock.now - known.read < lifetime else {
            return nil
        }
        return known.record
    }

    /// The live token `text` stands for, or `nil` if it is unknown, wrong or revoked.
    /// `header` is the Authorization header the token came in; once the token is verified, the same header finds it
    /// again through `recentlyVerified` until its record is due to be read again.
    func authenticate(_ text: TokenText, header: String) async throws -> TokenRecord? {
        let now = ContinuousClock.now
        let cached = entries.withLock { entries in entries[text.id] }
        let entry: Entry
        if let cached, now - cached.read < lifetime {
            entry = cached
        } else {
            // Read without blocking the event loop this runs on.
            entry = Entry(record: try await store.tokenAsync(id: text.id), read: now)
            entries.withLock { entries in
                if entries.count > 100_000 { entries.removeAll() }
                entries[text.id] = entry
            }
        }
        guard let record = entry.record, record.revokedAt == nil, text.matches(record.secretHash) else { return nil }
        verified.withLock { verified in
            if verified.count > 10_000 { verified.removeAll() }
            // Kept with the time the record was read, so a revocation still takes effect within the lifetime.
            verified[header] = entry
        }
        return record
    }
}

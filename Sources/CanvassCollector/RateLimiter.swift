import Synchronization

/// A token bucket per token: `rate` requests a second on average, bursts of up to `burst`.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let rate: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Past this many tokens' buckets, full ones are forgotten (a full bucket is what a new one would be).
    private let maximumBuckets = 100_000

    /// `rate` of zero or less turns limiting off.
    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = max(1, burst)
    }

    /// Takes one request for `key`: `nil` if allowed, otherwise the whole seconds to wait before trying again.
    func take(_ key: String, now: ContinuousClock.Instant? = nil) -> Int? {
        guard rate > 0 else { return nil }
        return buckets.withLock { buckets in
            // The time is read under the lock: read before it, a request that waited for the lock could carry an
            // earlier time than the bucket's and drain it by a negative interval.
            let now = now ?? .now
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = max(.zero, now - bucket.updated)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket.tokens = min(burst, bucket.tokens + seconds * rate)
            bucket.updated = max(bucket.updated, now)
            defer {
                if buckets.count >= maximumBuckets { buckets = buckets.filter { $0.value.tokens < burst } }
                buckets[key] = bucket
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}

import Testing

@testable import CanvassCollector

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("A token may make its burst at once, then one request per 1/rate seconds; Retry-After rounds up")
    func bucket() {
        let limiter = RateLimiter(rate: 2, burst: 3)
        let start = ContinuousClock.now
        #expect((0..<3).map { _ in limiter.take("a", now: start) } == [nil, nil, nil])
        #expect(limiter.take("a", now: start) == 1)
        #expect(limiter.take("b", now: start) == nil)
        #expect(limiter.take("a", now: start + .milliseconds(500)) == nil)
        #expect(limiter.take("a", now: start + .milliseconds(600)) == 1)
    }

    @Test("A request carrying an earlier time than the bucket's last one never drains it")
    func outOfOrderTimes() {
        let limiter = RateLimiter(rate: 1_000_000, burst: 3)
        let start = ContinuousClock.now
        #expect(limiter.take("a", now: start + .seconds(1)) == nil)
        // Before the fix this interval was negative and took a million tokens away: a spurious 429.
        #expect(limiter.take("a", now: start) == nil)
        #expect(limiter.take("a", now: start + .seconds(1)) == nil)
    }

    @Test("A rate of zero turns limiting off")
    func off() {
        let limiter = RateLimiter(rate: 0, burst: 1)
        #expect((0..<100).allSatisfy { _ in limiter.take("a") == nil })
    }
}

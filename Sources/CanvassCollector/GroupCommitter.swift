import Synchronization

/// Group commit: submissions that arrive while a transaction is being written wait, and are then written together
/// in the next transaction — one fsync for many responses, so throughput is not bounded by the disk's sync rate.
///
/// Each submitter is resumed only after the transaction holding its response has committed (or failed).
final class GroupCommitter: Sendable {
    /// The outcome for one submission: the store's decision, or the storage failure that stopped its batch.
    typealias Result = Swift.Result<StoreOutcome, CollectorError>

    private struct Waiting {
        var submission: Submission
        var continuation: CheckedContinuation<Result, Never>
    }

    private struct State {
        var pending: [Waiting] = []
        var wake: CheckedContinuation<Void, Never>?
        var stopping = false
    }

    private let store: CollectorStore
    private let maxBatch: Int
    private let state = Mutex(State())
    /// How many transactions have been written, and how many submissions they held.
    private let transactions = Atomic<Int>(0)
    private let submissions = Atomic<Int>(0)
    var transactionCount: Int { transactions.load(ordering: .relaxed) }
    var submissionCount: Int { submissions.load(ordering: .relaxed) }

    /// `maxBatch` bounds the responses per transaction; 1 gives one commit per request (the baseline).
    init(store: CollectorStore, maxBatch: Int) {
        self.store = store
        self.maxBatch = max(1, maxBatch)
    }

    /// Stores a submission, returning once it is durable (or refused, or failed).
    func submit(_ submission: Submission) async -> Result {
        await withCheckedContinuation { continuation in
            let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if state.stopping {
                    continuation.resume(returning: .failure(.environment("the collector is shutting down")))
                    return nil
                }
                state.pending.append(Waiting(submission: submission, continuation: continuation))
                defer { state.wake = nil }
                return state.wake
            }
            wake?.resume()
        }
    }

    /// Writes batches until `stop()` is called and everything pending is written.
    func run() async {
        while let batch = await nextBatch() {
            let results: [Result]
            transactions.add(1, ordering: .relaxed)
            submissions.add(batch.count, ordering: .relaxed)
            do {
                results = try await store.commit(batch.map(\.submission)).map { .success($0) }
            } catch {
                let failure = CollectorError.environment(
                    "could not store the response: \(CollectorStore.describe(error))")
                results = Array(repeating: .failure(failure), count: batch.count)
            }
            for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
        }
    }

    /// Stops taking submissions; `run()` returns once the pending ones are written.
    func stop() {
        let wake = state.withLock { state in
            state.stopping = true
            defer { state.wake = nil }
            return state.wake
        }
        wake?.resume()
    }

    private func nextBatch() async -> [Waiting]? {
        while true {
            let taken = state.withLock { state -> [Waiting]?? in
                if !state.pending.isEmpty {
                    let count = min(maxBatch, state.pending.count)
                    let batch = Array(state.pending.prefix(count))
                    state.pending.removeFirst(count)
                    return .some(batch)
                }
                return state.stopping ? .some(nil) : nil
            }
            if let taken { return taken }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if !state.pending.isEmpty || state.stopping { return true }
                    state.wake = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}

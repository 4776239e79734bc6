import Foundation

/// Lock-guarded state shared by a consumer's poll thread, its rebalance callback and its callers.
final class ConsumerState: @unchecked Sendable {
    private let condition = NSCondition()
    private var credits: Int
    private var stop = false
    private var assignmentEpoch: UInt64 = 0
    private var staged: [TopicPartition: Int64] = [:]

    init(credits: Int) { self.credits = credits }

    var stopRequested: Bool { condition.withLock { stop } }
    var epoch: UInt64 { condition.withLock { assignmentEpoch } }

    func requestStop() {
        condition.withLock { stop = true }
        condition.broadcast()
    }

    func nextEpoch() -> UInt64 {
        condition.withLock {
            assignmentEpoch += 1
            return assignmentEpoch
        }
    }

    /// Takes up to `limit` credits, waiting up to `waitMillis` for at least one.
    func acquire(upTo limit: Int, waitMillis: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: Double(waitMillis) / 1000)
        while credits == 0 && !stop {
            if !condition.wait(until: deadline) { break }
        }
        let granted = min(limit, credits)
        credits -= granted
        return granted
    }

    func release(_ count: Int) {
        guard count > 0 else { return }
        condition.withLock { credits += count }
        condition.signal()
    }

    func stageStore(_ nextOffsets: [TopicPartition: Int64]) {
        condition.withLock {
            for (partition, nextOffset) in nextOffsets { staged[partition] = max(staged[partition] ?? nextOffset, nextOffset) }
        }
    }

    func takeStagedStores() -> [TopicPartition: Int64] {
        condition.withLock {
            defer { staged = [:] }
            return staged
        }
    }
}

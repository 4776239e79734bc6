import Foundation

/// Counters a running pipeline keeps, for logs, tests and benchmarks.
public final class PipelineStats: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    /// A consistent copy of the counters.
    public struct Snapshot: Sendable {
        public var consumed = 0
        public var alerts = 0
        /// Region signals produced (scoring stage).
        public var signals = 0
        public var deadLettered = 0
        /// Messages whose work is finished: scored and, when they produced something, delivered.
        public var completed = 0
        public var deliveryRetries = 0
        public var firstConsumed: ContinuousClock.Instant?
        public var lastCompleted: ContinuousClock.Instant?
    }

    private let lock = NSLock()
    private var value = Snapshot()

    public init() {}

    public var snapshot: Snapshot { lock.withLock { value } }

    func update(_ change: (inout Snapshot) -> Void) { lock.withLock { change(&value) } }

    func recordConsumed(_ count: Int) {
        let now = ContinuousClock.now
        update {
            $0.consumed += count
            if $0.firstConsumed == nil { $0.firstConsumed = now }
        }
    }

    func recordCompleted(_ count: Int) {
        guard count > 0 else { return }
        let now = ContinuousClock.now
        update {
            $0.completed += count
            $0.lastCompleted = now
        }
    }
}

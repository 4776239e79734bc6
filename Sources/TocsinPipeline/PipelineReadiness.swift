import Foundation
import TocsinKafka

/// Whether the pipeline can do its work, for `/readyz`: every stage it runs has at least one
/// partition assigned and a producer that reaches the cluster.
public final class PipelineReadiness: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private struct Stage {
        var producer: ProducerConnectivity?
        var partitions = 0
        var stopping = false
    }

    private let lock = NSLock()
    private var expected: [String] = []
    private var stages: [String: Stage] = [:]

    public init() {}

    /// Ready or not, and why: one clause per stage, e.g. "scoring: no partitions assigned".
    public var status: (ready: Bool, reason: String) {
        lock.withLock {
            guard !expected.isEmpty else { return (false, "pipeline not started") }
            var ready = true
            let clauses = expected.map { name -> String in
                let (ok, text) = Self.describe(stages[name])
                ready = ready && ok
                return "\(name): \(text)"
            }
            return (ready, clauses.joined(separator: "; "))
        }
    }

    private static func describe(_ stage: Stage?) -> (Bool, String) {
        guard let stage, let producer = stage.producer else { return (false, "starting") }
        if stage.stopping { return (false, "shutting down") }
        let partitions = "\(stage.partitions) partition\(stage.partitions == 1 ? "" : "s") assigned"
        switch producer.state {
        case .up where stage.partitions > 0: return (true, "\(partitions), producer connected")
        case .up: return (false, "no partitions assigned (waiting for the group, or more instances than partitions)")
        case .unknown: return (false, "\(partitions), producer not connected yet")
        case .down(let reason): return (false, "\(partitions), producer not connected: \(reason)")
        }
    }

    /// The stages that must all be ready, in the order they are reported.
    func expect(_ names: [String]) { lock.withLock { expected = names } }

    func started(_ name: String, producer: ProducerConnectivity) {
        lock.withLock { stages[name] = Stage(producer: producer) }
    }

    /// Applies an assignment change; returns the stage's partition count after it.
    @discardableResult
    func rebalanced(_ name: String, _ event: RebalanceEvent) -> Int {
        lock.withLock {
            var stage = stages[name] ?? Stage()
            // Eager rebalancing revokes everything before assigning; cooperative passes only the
            // changes: counting both ways is right for either protocol.
            switch event {
            case .assigned(let partitions, _): stage.partitions += partitions.count
            case .revoked(let partitions, _): stage.partitions = max(0, stage.partitions - partitions.count)
            }
            stages[name] = stage
            return stage.partitions
        }
    }

    func stopping(_ name: String) { lock.withLock { stages[name, default: Stage()].stopping = true } }
}

import Foundation
import Logging
import TocsinKafka
import TocsinRegions

/// Reads a partition of the signals topic from its oldest retained message up to (not including)
/// an offset: how a region engine is rebuilt. Injected so tests need no broker.
typealias PartitionHistory = @Sendable (_ partition: TopicPartition, _ until: Int64) async throws -> [ConsumedMessage]

/// The region stage: one `RegionEngine` per assigned partition of the signals topic, region alerts
/// to the alerts topic (keyed by region) and stdout, bad signals to the dead-letter topic.
///
/// On assignment a partition's engine is rebuilt before its first live message: the partition is
/// replayed from its oldest retained message up to that message's offset (the group's committed
/// position) without emitting, then live messages emit. On revocation the engine is dropped.
final class RegionProcessor: StageProcessor, @unchecked Sendable {
    // @unchecked: `partitions` is only touched inside `process`, which StageRunner calls for one
    // batch at a time; rebalance events cross threads through the lock-guarded `inbox`.
    private enum Slot {
        /// Assigned; rebuilt when its first message arrives.
        case pending
        case live(PartitionRegions)
    }

    private let config: RegionConfig
    /// The rules version in force, read per batch: region alerts carry it, and a reload changes it
    /// without touching the engines' state.
    private let rulesVersion: @Sendable () -> String?
    private let alertsTopic: String
    private let deadLetterTopic: String
    private let printer: AlertPrinter
    private let logger: Logger
    private let history: PartitionHistory
    private let inbox = RebalanceInbox()
    private let alertCounters = AlertCounters(types: RegionAlert.Kind.allCases.map(\.rawValue))
    private var partitions: [TopicPartition: Slot] = [:]

    init(
        config: RegionConfig, rulesVersion: @escaping @Sendable () -> String?, alertsTopic: String, deadLetterTopic: String,
        printer: AlertPrinter, logger: Logger, history: @escaping PartitionHistory
    ) throws(RegionConfigError) {
        _ = try RegionEngine(config: config)  // validate once, up front
        self.config = config
        self.rulesVersion = rulesVersion
        self.alertsTopic = alertsTopic
        self.deadLetterTopic = deadLetterTopic
        self.printer = printer
        self.logger = logger
        self.history = history
    }

    func rebalanced(_ event: RebalanceEvent) { inbox.post(event) }

    /// The partitions whose engines are built, for tests and logs.
    var livePartitions: [TopicPartition] {
        partitions.compactMap { if case .live = $0.value { $0.key } else { nil } }
    }

    /// The engine state of a built partition, for tests.
    func state(of partition: TopicPartition) -> PartitionRegions? {
        if case .live(let state)? = partitions[partition] { state } else { nil }
    }

    func process(_ messages: [ConsumedMessage]) async throws -> StageOutput {
        applyRebalances()
        try await rebuild(firstOffsets(of: messages))
        let version = rulesVersion()
        var output = StageOutput()
        for message in messages {
            let partition = TopicPartition(topic: message.topic, partition: message.partition)
            let source = SourcePosition(partition: partition, offset: message.offset, epoch: message.assignmentEpoch)
            guard case .live(var state)? = partitions[partition] else {
                // Revoked while this batch was in hand: the new owner reads it again.
                output.finished.append(source)
                continue
            }
            let signal: RegionSignal
            do {
                signal = try RegionSignal(json: message.value)
            } catch {
                let explanation = "not a region signal (\(Self.describe(error))); the scoring stage writes these, so check what else produces to \(partition.topic)"
                logger.warning("dead-lettering \(partition)@\(message.offset): \(DeadLetter.invalidSignal): \(explanation)")
                output.deadLettered += 1
                output.outgoing.append((DeadLetter.record(for: message, reason: DeadLetter.invalidSignal, explanation: explanation, topic: deadLetterTopic), source))
                continue
            }
            // Leave no second reference behind while the engine changes: with one, each message
            // would copy the partition's whole state (copy-on-write).
            partitions[partition] = .pending
            state.useRulesVersion(version)
            let alerts = state.apply(signal, emit: true)
            partitions[partition] = .live(state)
            if alerts.isEmpty { output.finished.append(source) }
            for alert in alerts {
                let json = alert.jsonBytes()
                output.alerts += 1
                alertCounters.increment(type: alert.type.rawValue, severity: alert.severity)
                output.outgoing.append((ProducerRecord(topic: alertsTopic, key: Array(alert.key.utf8), value: json), source))
                if let line = printer.line(for: alert, json: json) { output.lines.append(line) }
            }
        }
        return output
    }

    /// Applies queued assignment changes in the order they happened.
    private func applyRebalances() {
        for event in inbox.take() {
            switch event {
            case .assigned(let assigned, _):
                for partition in assigned { partitions[partition] = .pending }
            case .revoked(let revoked, _):
                for partition in revoked { partitions[partition] = nil }
            }
        }
    }

    /// The first offset in this batch of each partition that still needs its engine built.
    private func firstOffsets(of messages: [ConsumedMessage]) -> [TopicPartition: Int64] {
        var first: [TopicPartition: Int64] = [:]
        for message in messages {
            let partition = TopicPartition(topic: message.topic, partition: message.partition)
            guard case .pending? = partitions[partition] else { continue }
            if first[partition] == nil { first[partition] = message.offset }
        }
        return first
    }

    /// Rebuilds engines in parallel: each replay reads on a thread of its own.
    private func rebuild(_ firstOffsets: [TopicPartition: Int64]) async throws {
        guard !firstOffsets.isEmpty else { return }
        let (config, rulesVersion, history, logger) = (config, rulesVersion(), history, logger)
        let built = try await withThrowingTaskGroup(of: (TopicPartition, PartitionRegions).self) { group in
            for (partition, offset) in firstOffsets {
                group.addTask {
                    let started = ContinuousClock.now
                    var state = try PartitionRegions(config: config, rulesVersion: rulesVersion)
                    let messages: [ConsumedMessage]
                    do {
                        messages = try await history(partition, offset)
                    } catch {
                        throw RegionStageError.rebuildFailed(partition, offset, error)
                    }
                    state.replay(messages)
                    logger.info("\(partition): region engine rebuilt from \(messages.count) messages before offset \(offset) in \(started.duration(to: .now)): \(state.engine.regionNames.count) regions")
                    return (partition, state)
                }
            }
            var built: [(TopicPartition, PartitionRegions)] = []
            for try await result in group { built.append(result) }
            return built
        }
        for (partition, state) in built { partitions[partition] = .live(state) }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.keyNotFound(_, let context),
            DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// Why the region stage stopped.
enum RegionStageError: Error, CustomStringConvertible {
    case rebuildFailed(TopicPartition, Int64, Error)

    var description: String {
        switch self {
        case .rebuildFailed(let partition, let offset, let error):
            "could not replay \(partition) up to offset \(offset) to rebuild its region engine: \(error); check that the broker is reachable, then restart (nothing past the last commit is lost)"
        }
    }
}

/// Rebalance events posted on the consumer's poll thread, taken by the stage before each batch.
final class RebalanceInbox: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var events: [RebalanceEvent] = []

    func post(_ event: RebalanceEvent) { lock.withLock { events.append(event) } }

    func take() -> [RebalanceEvent] {
        lock.withLock {
            defer { events = [] }
            return events
        }
    }
}

import Foundation
import Logging
import ServiceLifecycle
import TocsinKafka

/// What a stage made of a batch: records to produce, in order, each tied to the message it came
/// from; the messages that needed nothing produced; and the lines for stdout.
struct StageOutput: Sendable {
    var outgoing: [(record: ProducerRecord, source: SourcePosition)] = []
    var finished: [SourcePosition] = []
    var lines: [String] = []
    var alerts = 0
    var signals = 0
    var deadLettered = 0
    /// Item alerts among `outgoing` (by index) with their input message's Kafka timestamp, for the end-to-end latency.
    var published: [(index: Int, millis: Int64)] = []

    mutating func append(_ other: StageOutput) {
        published += other.published.map { ($0.index + outgoing.count, $0.millis) }
        outgoing += other.outgoing
        finished += other.finished
        lines += other.lines
        alerts += other.alerts
        signals += other.signals
        deadLettered += other.deadLettered
    }
}

/// A stage's work on consumed messages (already registered with the offset tracker, in order).
protocol StageProcessor: Sendable {
    func process(_ messages: [ConsumedMessage]) async throws -> StageOutput
    /// Told of every assignment change, on the consumer's poll thread: must return quickly.
    func rebalanced(_ event: RebalanceEvent)
}

extension StageProcessor {
    func rebalanced(_ event: RebalanceEvent) {}
}

/// Lets one stage ask the others in the process to drain and stop (when it fails, so the daemon
/// exits as a whole instead of running half its stages).
final class StageStop: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var fired = false
    private var handlers: [@Sendable () -> Void] = []

    /// Runs `handler` when `fire` is called (at once if it already was).
    func onStop(_ handler: @escaping @Sendable () -> Void) {
        let now = lock.withLock {
            if !fired { handlers.append(handler) }
            return fired
        }
        if now { handler() }
    }

    func fire() {
        let toRun = lock.withLock {
            defer { fired = true; handlers = [] }
            return fired ? [] : handlers
        }
        toRun.forEach { $0() }
    }
}

/// Whether a stage is already stopping, so a second reason to stop is not logged again.
private final class StopFlag: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Runs one consume → process → produce stage with at-least-once delivery: a message's offset is
/// stored only once everything it produced is delivered; SIGTERM drains, flushes and commits.
struct StageRunner: Sendable {
    let name: String
    let topic: String
    let group: String
    let consumerConfiguration: KafkaConfiguration
    let producerConfiguration: KafkaConfiguration
    let options: KafkaConsumer.Options
    let shutdownTimeoutSeconds: Int
    let printer: AlertPrinter
    let stats: PipelineStats
    let logger: Logger
    var readiness = PipelineReadiness()

    func run(_ processor: any StageProcessor, stop: StageStop = StageStop()) async throws {
        let tracker = OffsetTracker()
        let ledger = DeliveryLedger()
        let failure = FailureLatch()
        let (metrics, deliveryMetrics) = (StageMetrics(stage: name), DeliveryMetrics())
        var clientLogger = logger  // librdkafka's logs and statistics, tagged with the stage they belong to
        clientLogger[metadataKey: "stage"] = "\(name)"
        var consumerConfiguration = consumerConfiguration
        consumerConfiguration["group.id"] = group
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration, topics: [topic], options: options, logger: clientLogger,
            onRebalance: { [readiness, name] in
                metrics.rebalanced($0, assigned: readiness.rebalanced(name, $0))
                tracker.apply($0)
                processor.rebalanced($0)
            },
            onError: { if $0.isFatal { failure.record($0) } })
        let completion = CompletionHandler(tracker: tracker, consumer: consumer, stats: stats)
        let delivery = DeliveryHandler(ledger: ledger, completion: completion, failure: failure, stats: stats, logger: logger)
        let producer = try KafkaProducer(
            configuration: producerConfiguration, logger: clientLogger,
            onDeliveries: {
                deliveryMetrics.settle($0)
                delivery.handle($0)
            })
        delivery.attach(producer)
        readiness.started(name, producer: producer.connectivity)

        consumer.start()
        let stopping = StopFlag()
        stop.onStop { [logger, name] in
            if !stopping.isSet { logger.info("\(name): another stage stopped; no new messages, finishing those in flight") }
            stopping.set()
            consumer.requestStop()
        }
        var runError: Error?
        do {
            try await withGracefulShutdownHandler {
                for await batch in consumer.batches {
                    stats.recordConsumed(batch.count)
                    metrics.consumed.increment(by: batch.count)
                    let live = tracker.begin(batch)
                    completion.abandon(batch.count - live.count)  // their partitions' new owners read them again
                    let output = try await processor.process(live)
                    record(output)
                    if output.deadLettered > 0 { metrics.deadLetters.increment(by: output.deadLettered) }
                    completion.complete(output.finished)
                    try await send(output.outgoing, producer: producer, ledger: ledger) { deliveryMetrics.track(first: $0, output.published) }
                    printer.write(output.lines)
                    if let error = failure.error ?? consumer.fatalError ?? producer.fatalError { throw error }
                }
                // The consumer ends its batches on a fatal error even when no message ever arrived.
                if let error = failure.error ?? consumer.fatalError { throw error }
            } onGracefulShutdown: { [logger, name, readiness] in
                readiness.stopping(name)
                stopping.set()
                logger.info("\(name): shutdown requested: no new messages; finishing those in flight")
                consumer.requestStop()
            }
        } catch {
            runError = error
            logger.critical("\(name): stopping on error: \(error)")
        }
        readiness.stopping(name)
        let drained = await waitForDeliveries(ledger, producer: producer)
        await consumer.stopPolling()
        var commitError: Error?
        do {
            try await consumer.commit()
        } catch {
            commitError = error
            logger.error("\(name): final commit failed: \(error); messages since the last commit will be processed again on restart")
        }
        await consumer.close()
        if let runError { throw runError }
        if !drained { throw PipelineError.undelivered(ledger.count) }
        if let commitError { throw commitError }
    }

    private func record(_ output: StageOutput) {
        guard output.alerts + output.signals + output.deadLettered > 0 else { return }
        stats.update {
            $0.alerts += output.alerts
            $0.signals += output.signals
            $0.deadLettered += output.deadLettered
        }
    }

    /// Hands records to the producer in order (so a partition keeps the order they were made in),
    /// waiting while its queue is full; `tokens` learns the first token before any report can arrive.
    private func send(
        _ outgoing: [(record: ProducerRecord, source: SourcePosition)], producer: KafkaProducer, ledger: DeliveryLedger,
        tokens: (_ first: UInt64) -> Void
    ) async throws {
        guard !outgoing.isEmpty else { return }
        let first = ledger.add(outgoing)
        tokens(first)
        for (index, message) in outgoing.enumerated() {
            do {
                try await producer.enqueue(message.record, token: first + UInt64(index))
            } catch {
                // What was not handed over will never be reported: forget it, so shutdown does not wait for it.
                ledger.cancel((index..<outgoing.count).map { first + UInt64($0) })
                throw error
            }
        }
    }

    /// Waits (up to the shutdown timeout) until every produced message has a successful delivery.
    private func waitForDeliveries(_ ledger: DeliveryLedger, producer: KafkaProducer) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(shutdownTimeoutSeconds)
        // A cancelled task (a second signal, or a hard stop) gives up waiting.
        while ledger.count > 0 && producer.fatalError == nil && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if ledger.count > 0 {
            logger.error("\(name): \(ledger.count) messages were not delivered within \(shutdownTimeoutSeconds)s; their sources stay uncommitted and will be processed again on restart")
            return false
        }
        return true
    }
}

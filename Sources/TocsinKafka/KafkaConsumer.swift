import CRdKafka
import Foundation
import Logging

/// A group consumer that polls on a dedicated thread and hands out batches as an `AsyncStream`.
///
/// Offsets are never stored automatically: callers `storeOffset` once a message's work is done,
/// and librdkafka commits stored offsets periodically, on revocation and at `close`.
public final class KafkaConsumer: @unchecked Sendable {
    // @unchecked: immutable after init apart from lock-guarded state; librdkafka handles are thread-safe.

    /// Tuning for the poll loop.
    public struct Options: Sendable {
        /// Most messages handed out in one batch.
        public var batchSize = 500
        /// Most messages handed out and not yet `release`d; bounds memory when downstream is slow.
        public var maxInFlight = 20_000
        public init(batchSize: Int = 500, maxInFlight: Int = 20_000) {
            self.batchSize = batchSize
            self.maxInFlight = maxInFlight
        }
    }

    /// Settings the at-least-once design relies on; user properties cannot override them.
    public static let requiredProperties = ["enable.auto.offset.store": "false"]
    /// Defaults a user may override.
    public static let defaultProperties = [
        "enable.auto.commit": "true", "auto.offset.reset": "earliest", "enable.partition.eof": "false",
    ]

    public let batches: AsyncStream<[ConsumedMessage]>
    private let continuation: AsyncStream<[ConsumedMessage]>.Continuation
    private let handle: OpaquePointer
    private let context: ClientContext
    private let state: ConsumerState
    private let options: Options
    private let logger: Logger
    private let blockingQueue = DispatchQueue(label: "tocsin.consumer.blocking")
    private let pollStopped = DispatchSemaphore(value: 0)
    private var started = false

    public init(
        configuration: KafkaConfiguration, topics: [String], options: Options = Options(), logger: Logger,
        onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil
    ) throws(KafkaError) {
        guard configuration["group.id"]?.isEmpty == false else {
            throw .configuration("group.id is required for a consumer; set kafka.group in the config or pass --group")
        }
        self.options = options
        self.logger = logger
        state = ConsumerState(credits: options.maxInFlight)
        // A fatal error (rejected credentials included) ends `batches`: no message will come, and a
        // caller waiting for one would otherwise never see the error.
        context = ClientContext(logger: logger, consumerState: state, onRebalance: onRebalance, onError: { [state] error in
            if error.isFatal { state.requestStop() }
            onError?(error)
        })
        (batches, continuation) = AsyncStream.makeStream(of: [ConsumedMessage].self)
        let conf = try KafkaConfiguration(Self.defaultProperties)
            .merging(configuration.properties).merging(Self.requiredProperties).makeNativeConfig()
        installCommonCallbacks(conf, context: context)
        rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        var text = [CChar](repeating: 0, count: 512)
        guard let client = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &text, text.count) else {
            rd_kafka_conf_destroy(conf)
            throw .configuration("cannot create Kafka consumer: \(errorText(text))")
        }
        handle = client
        rd_kafka_poll_set_consumer(client)
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
        let code = rd_kafka_subscribe(client, list)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            rd_kafka_destroy(client)
            throw KafkaError(code: code, message: "cannot subscribe to \(topics): \(String(cString: rd_kafka_err2str(code)))")
        }
    }

    /// Starts the poll thread. Batches then arrive on `batches` until `stopPolling`.
    public func start() {
        precondition(!started, "KafkaConsumer.start called twice")
        started = true
        let thread = Thread { [self] in pollLoop() }
        thread.name = "tocsin-consumer-poll"
        thread.start()
    }

    /// Returns `count` in-flight credits once those messages are finished (done or abandoned).
    public func release(_ count: Int) { state.release(count) }

    /// Marks everything before `nextOffset` on the partition as done; committed later.
    public func storeOffset(_ partition: TopicPartition, nextOffset: Int64) {
        state.stageStore([partition: nextOffset])
    }

    /// `storeOffset` for several partitions at once.
    public func storeOffsets(_ nextOffsets: [TopicPartition: Int64]) {
        guard !nextOffsets.isEmpty else { return }
        state.stageStore(nextOffsets)
    }

    /// Asks the poll thread to stop without waiting; `batches` then finishes after what it holds.
    public func requestStop() { state.requestStop() }

    /// Stops fetching and waits for the poll thread to exit. Already-yielded batches stay readable.
    public func stopPolling() async {
        guard started else { return }
        state.requestStop()
        // Re-signal so that later calls return at once.
        await onBlockingQueue { [pollStopped] in
            pollStopped.wait()
            pollStopped.signal()
        }
    }

    /// Commits every stored offset now and waits for the broker's answer.
    public func commit() async throws(KafkaError) {
        let result: KafkaError? = await onBlockingQueue { [self] in
            flushStagedStores()
            let code = rd_kafka_commit(handle, nil, 0)
            guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR__NO_OFFSET else { return nil }
            return KafkaError(code: code)
        }
        if let result { throw result }
    }

    /// Leaves the group (committing stored offsets on revocation). Call after `stopPolling`.
    public func close() async {
        await onBlockingQueue { [self] in
            flushStagedStores()
            let code = rd_kafka_consumer_close(handle)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { logger.warning("consumer close: \(KafkaError(code: code))") }
        }
    }

    /// The fatal error that made this consumer unusable, if any.
    public var fatalError: KafkaError? { fatalErrorOf(handle) }

    // The poll thread holds `self` until `stopPolling`, so this runs only after the thread has exited.
    deinit {
        rd_kafka_destroy(handle)
    }

    private func pollLoop() {
        defer {
            continuation.finish()
            pollStopped.signal()
        }
        while !state.stopRequested {
            flushStagedStores()
            let allowance = state.acquire(upTo: options.batchSize, waitMillis: 100)
            guard allowance > 0 else { continue }
            var batch: [ConsumedMessage] = []
            batch.reserveCapacity(allowance)
            var timeout: Int32 = 100
            while batch.count < allowance, let message = rd_kafka_consumer_poll(handle, timeout) {
                timeout = 0
                defer { rd_kafka_message_destroy(message) }
                if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    batch.append(ConsumedMessage(message, epoch: state.epoch))
                } else {
                    report(consumeError: message.pointee)
                }
            }
            state.release(allowance - batch.count)
            if !batch.isEmpty { continuation.yield(batch) }
        }
        flushStagedStores()
    }

    private func flushStagedStores() {
        let staged = state.takeStagedStores()
        guard !staged.isEmpty else { return }
        storeNativeOffsets(handle, staged, logger: logger)
    }

    private func report(consumeError message: rd_kafka_message_t) {
        let error = KafkaError(code: message.err, message: message.payload.map { payload in
            String(decoding: UnsafeRawBufferPointer(start: payload, count: message.len), as: UTF8.self)
        })
        if error.code == RD_KAFKA_RESP_ERR__PARTITION_EOF { return }
        logger.warning("consume error: \(error)")
        context.onError?(error)
    }

    private func onBlockingQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            blockingQueue.async { continuation.resume(returning: work()) }
        }
    }
}

private func storeNativeOffsets(_ handle: OpaquePointer, _ offsets: [TopicPartition: Int64], logger: Logger) {
    let list = rd_kafka_topic_partition_list_new(Int32(offsets.count))!
    defer { rd_kafka_topic_partition_list_destroy(list) }
    for (partition, offset) in offsets {
        rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = offset
    }
    let code = rd_kafka_offsets_store(handle, list)
    // _STATE: the partitions were revoked meanwhile; their new owner re-reads from the last commit.
    if code != RD_KAFKA_RESP_ERR_NO_ERROR && code != RD_KAFKA_RESP_ERR__STATE {
        logger.warning("could not store offsets: \(KafkaError(code: code))")
    }
}

/// Runs on the poll thread (inside `rd_kafka_consumer_poll` or `rd_kafka_consumer_close`).
private func rebalanceCallback(
    client: OpaquePointer?, code: rd_kafka_resp_err_t,
    partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, opaque: UnsafeMutableRawPointer?
) {
    guard let client, let context = ClientContext.from(opaque), let state = context.consumerState else { return }
    let cooperative = String(cString: rd_kafka_rebalance_protocol(client)) == "COOPERATIVE"
    let changed = topicPartitions(partitions)
    if code == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
        let epoch = state.nextEpoch()
        let result = cooperative
            ? rd_kafka_incremental_assign(client, partitions).map { KafkaError(consuming: $0) }
            : errorUnlessOK(rd_kafka_assign(client, partitions))
        if let result { context.logger.error("assigning partitions failed: \(result)") }
        context.logger.info("partitions assigned: \(changed.map(\.description).joined(separator: ", "))")
        context.onRebalance?(.assigned(changed, epoch: epoch))
    } else {
        let epoch = state.nextEpoch()
        context.onRebalance?(.revoked(changed, epoch: epoch))
        // Commit what is done on these partitions before another member takes them over.
        let staged = state.takeStagedStores()
        if !staged.isEmpty { storeNativeOffsets(client, staged, logger: context.logger) }
        let commit = rd_kafka_commit(client, partitions.map { UnsafePointer($0) }, 0)
        if commit != RD_KAFKA_RESP_ERR_NO_ERROR && commit != RD_KAFKA_RESP_ERR__NO_OFFSET {
            context.logger.warning("commit on revocation failed: \(KafkaError(code: commit)); those items will be redelivered")
        }
        let result = cooperative
            ? rd_kafka_incremental_unassign(client, partitions).map { KafkaError(consuming: $0) }
            : errorUnlessOK(rd_kafka_assign(client, nil))
        if let result { context.logger.error("unassigning partitions failed: \(result)") }
        context.logger.info("partitions revoked: \(changed.map(\.description).joined(separator: ", "))")
    }
}

private func errorUnlessOK(_ code: rd_kafka_resp_err_t) -> KafkaError? {
    code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(code: code)
}

private func topicPartitions(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> [TopicPartition] {
    guard let list, let elements = list.pointee.elems else { return [] }
    return (0..<Int(list.pointee.cnt)).map {
        TopicPartition(topic: String(cString: elements[$0].topic), partition: elements[$0].partition)
    }
}

extension ConsumedMessage {
    /// Takes librdkafka's own pointer: it locates the enclosing message (headers, timestamp) from it,
    /// so a copy of the struct would lose them.
    init(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>, epoch: UInt64) {
        let message = pointer.pointee
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
        self.init(
            topic: message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: message.partition,
            offset: message.offset,
            key: message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) },
            value: message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? [],
            headers: readHeaders(pointer),
            timestampMillis: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
            assignmentEpoch: epoch
        )
    }
}

private func readHeaders(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
    var headers: OpaquePointer?
    guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return [] }
    var result: [KafkaHeader] = []
    var index = 0
    var name: UnsafePointer<CChar>?
    var value: UnsafeRawPointer?
    var size = 0
    while rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
        let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
        result.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: bytes))
        index += 1
    }
    return result
}

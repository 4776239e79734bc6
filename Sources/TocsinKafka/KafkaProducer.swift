import CRdKafka
import Foundation
import Logging

/// An idempotent producer; owns its `rd_kafka_t` and serves delivery reports on a dedicated thread.
public final class KafkaProducer: @unchecked Sendable {
    // @unchecked: `handle` is immutable after init and librdkafka handles are thread-safe;
    // `pollThread` state is guarded by `stopFlag`'s lock.
    private let handle: OpaquePointer
    private let context: ClientContext
    private let stopFlag = LockedFlag()
    private let stopped = DispatchSemaphore(value: 0)
    private let logger: Logger
    private let blockingQueue = DispatchQueue(label: "tocsin.producer.blocking")
    private let probeQueue = DispatchQueue(label: "tocsin.producer.probe")

    /// Whether this producer reaches the cluster (for readiness checks).
    public let connectivity = ProducerConnectivity()

    /// Settings this producer always needs; user properties may override everything else.
    public static let requiredProperties = ["enable.idempotence": "true"]

    /// - Parameter onDelivery: called once per produced message, on the producer's poll thread.
    public convenience init(
        configuration: KafkaConfiguration, logger: Logger,
        onDelivery: @escaping @Sendable (DeliveryReport) -> Void
    ) throws(KafkaError) {
        try self.init(configuration: configuration, logger: logger, onDeliveries: { $0.forEach(onDelivery) })
    }

    /// - Parameter onDeliveries: called with the reports each poll collected (never empty), on the
    ///   producer's poll thread, or on the thread waiting in `flush`.
    public init(
        configuration: KafkaConfiguration, logger: Logger,
        onDeliveries: @escaping @Sendable ([DeliveryReport]) -> Void
    ) throws(KafkaError) {
        self.logger = logger
        context = ClientContext(logger: logger, connectivity: connectivity, onDeliveries: onDeliveries)
        let conf = try configuration.merging(Self.requiredProperties).makeNativeConfig()
        installCommonCallbacks(conf, context: context)
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
            guard let message, let context = ClientContext.from(opaque) else { return }
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR { context.connectivity?.markUp() }
            context.deliveries?.add(DeliveryReport(message.pointee))
        }
        var text = [CChar](repeating: 0, count: 512)
        guard let client = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &text, text.count) else {
            rd_kafka_conf_destroy(conf)
            throw .configuration("cannot create Kafka producer: \(errorText(text))")
        }
        handle = client
        let pollHandle = SendableHandle(pointer: handle)
        let thread = Thread { [stopFlag, stopped, context] in
            while !stopFlag.isSet {
                rd_kafka_poll(pollHandle.pointer, 100)
                context.deliveries?.drain()
            }
            stopped.signal()
        }
        thread.name = "tocsin-producer-poll"
        thread.start()
        probeQueue.async { [weak self] in self?.probeConnectivity() }
    }

    /// While the connection is not known to be up, asks a broker for metadata every few seconds:
    /// readiness then need not wait for the first statistics report or delivery, and sees recovery
    /// after an outage even when statistics are off. Blocks only `probeQueue`.
    private func probeConnectivity() {
        guard !stopFlag.isSet else { return }
        if !connectivity.isUp {
            var metadata: UnsafePointer<rd_kafka_metadata_t>?
            let code = rd_kafka_metadata(handle, 0, nil, &metadata, 5_000)
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            if code == RD_KAFKA_RESP_ERR_NO_ERROR {
                connectivity.markUp()
            } else {
                connectivity.markDown("no broker answered a metadata request: \(KafkaError(code: code).message)")
            }
        }
        probeQueue.asyncAfter(deadline: .now() + 5) { [weak self] in self?.probeConnectivity() }
    }

    /// Enqueues a message without blocking; the report arrives later with `token`.
    /// Throws a retriable `KafkaError` (`isQueueFull`) when librdkafka's queue is full.
    public func send(_ record: ProducerRecord, token: UInt64) throws(KafkaError) {
        let error: OpaquePointer? = record.topic.withCString { topic in
            record.value.withUnsafeBytes { value in
                withOptionalBytes(record.key) { key in
                    withHeaderValues(record.headers) { headerValues in
                        // On the stack: this runs once per produced message.
                        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 5 + headerValues.count) { values in
                            var count = 0
                            func add(_ value: rd_kafka_vu_t) {
                                values.initializeElement(at: count, to: value)
                                count += 1
                            }
                            add(.cstr(RD_KAFKA_VTYPE_TOPIC, topic))
                            add(.mem(RD_KAFKA_VTYPE_VALUE, value))
                            if let key { add(.mem(RD_KAFKA_VTYPE_KEY, key)) }
                            add(.ptr(RD_KAFKA_VTYPE_OPAQUE, UnsafeMutableRawPointer(bitPattern: UInt(token))))
                            add(.int(RD_KAFKA_VTYPE_MSGFLAGS, RD_KAFKA_MSG_F_COPY))
                            headerValues.forEach(add)
                            return rd_kafka_produceva(handle, values.baseAddress, count)
                        }
                    }
                }
            }
        }
        if let error { throw KafkaError(consuming: error) }
    }

    /// Like `send`, but waits (suspending, not blocking a thread) while librdkafka's queue is full.
    public func enqueue(_ record: ProducerRecord, token: UInt64) async throws(KafkaError) {
        while true {
            do {
                try send(record, token: token)
                return
            } catch {
                if !error.isQueueFull { throw error }
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Waits until every enqueued message has a delivery report, or the timeout passes.
    /// - Returns: true when nothing is left in flight.
    public func flush(timeoutMillis: Int32) async -> Bool {
        let client = SendableHandle(pointer: handle)
        // rd_kafka_flush blocks, so it runs on a queue of its own, not on the cooperative pool.
        return await withCheckedContinuation { [context] continuation in
            blockingQueue.async {
                let flushed = rd_kafka_flush(client.pointer, timeoutMillis) == RD_KAFKA_RESP_ERR_NO_ERROR
                // Reports served inside the flush must reach the handler before the caller resumes.
                context.deliveries?.drain()
                continuation.resume(returning: flushed)
            }
        }
    }

    /// Messages enqueued or in flight that have no delivery report yet.
    public var outstanding: Int { Int(rd_kafka_outq_len(handle)) }

    /// The fatal error that made this producer unusable, if any.
    public var fatalError: KafkaError? { fatalErrorOf(handle) }

    deinit {
        stopFlag.set()
        stopped.wait()
        let left = rd_kafka_outq_len(handle)
        if left > 0 { logger.warning("producer closed with \(left) messages undelivered") }
        rd_kafka_destroy(handle)
    }
}

func fatalErrorOf(_ handle: OpaquePointer) -> KafkaError? {
    var text = [CChar](repeating: 0, count: 512)
    let code = rd_kafka_fatal_error(handle, &text, text.count)
    guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
    return KafkaError(code: code, message: errorText(text), isFatal: true, isRetriable: false)
}

extension DeliveryReport {
    init(_ message: rd_kafka_message_t) {
        self.init(
            token: UInt64(UInt(bitPattern: message._private)),
            topic: message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: message.partition,
            offset: message.offset,
            error: message.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(code: message.err)
        )
    }
}

extension rd_kafka_vu_t {
    static func cstr(_ type: rd_kafka_vtype_t, _ value: UnsafePointer<CChar>) -> rd_kafka_vu_t {
        var vu = rd_kafka_vu_t()
        vu.vtype = type
        vu.u.cstr = value
        return vu
    }

    static func mem(_ type: rd_kafka_vtype_t, _ bytes: UnsafeRawBufferPointer) -> rd_kafka_vu_t {
        var vu = rd_kafka_vu_t()
        vu.vtype = type
        vu.u.mem.ptr = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
        vu.u.mem.size = bytes.count
        return vu
    }

    static func ptr(_ type: rd_kafka_vtype_t, _ pointer: UnsafeMutableRawPointer?) -> rd_kafka_vu_t {
        var vu = rd_kafka_vu_t()
        vu.vtype = type
        vu.u.ptr = pointer
        return vu
    }

    static func int(_ type: rd_kafka_vtype_t, _ value: Int32) -> rd_kafka_vu_t {
        var vu = rd_kafka_vu_t()
        vu.vtype = type
        vu.u.i = value
        return vu
    }
}

private func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}

/// Header names and values must stay alive during the produce call (librdkafka copies them),
/// so they are copied into buffers this function owns.
private func withHeaderValues<R>(_ headers: [KafkaHeader], _ body: ([rd_kafka_vu_t]) -> R) -> R {
    guard !headers.isEmpty else { return body([]) }
    var owned: [UnsafeMutableRawPointer] = []
    defer { owned.forEach { free($0) } }
    let values = headers.map { header -> rd_kafka_vu_t in
        let name = strdup(header.name)!
        let value = malloc(max(header.value.count, 1))!
        header.value.withUnsafeBytes { value.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(name), byteCount: $0.count) }
        owned.append(UnsafeMutableRawPointer(name))
        owned.append(value)
        var vu = rd_kafka_vu_t()
        vu.vtype = RD_KAFKA_VTYPE_HEADER
        vu.u.header.name = UnsafePointer(name)
        vu.u.header.val = UnsafeRawPointer(value)
        vu.u.header.size = header.value.count
        return vu
    }
    return body(values)
}

/// A thread-safe boolean for stop requests.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

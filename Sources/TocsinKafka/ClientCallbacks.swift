import CRdKafka
import Foundation
import Logging

/// State the C callbacks reach through librdkafka's opaque pointer; lives as long as its client.
final class ClientContext: Sendable {
    let logger: Logger
    /// Delivery reports gathered during one poll, handed over together when it returns.
    let deliveries: DeliveryBuffer?
    let onRebalance: (@Sendable (RebalanceEvent) -> Void)?
    let onError: (@Sendable (KafkaError) -> Void)?
    let consumerState: ConsumerState?

    init(
        logger: Logger,
        consumerState: ConsumerState? = nil,
        onDeliveries: (@Sendable ([DeliveryReport]) -> Void)? = nil,
        onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil
    ) {
        self.logger = logger
        deliveries = onDeliveries.map(DeliveryBuffer.init)
        self.onRebalance = onRebalance
        self.onError = onError
        self.consumerState = consumerState
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        opaque.map { Unmanaged<ClientContext>.fromOpaque($0).takeUnretainedValue() }
    }

    static func from(client: OpaquePointer?) -> ClientContext? {
        client.flatMap { from(rd_kafka_opaque($0)) }
    }
}

/// Installs the callbacks every client gets: librdkafka's log and errors routed to swift-log.
func installCommonCallbacks(_ conf: OpaquePointer, context: ClientContext) {
    rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
    rd_kafka_conf_set_log_cb(conf) { client, level, facility, text in
        guard let context = ClientContext.from(client: client) else { return }
        let message = text.map { String(cString: $0) } ?? ""
        let fac = facility.map { String(cString: $0) } ?? ""
        // Connection failures also reach the error callback, which logs them once with advice.
        let logLevel = fac == "FAIL" ? .debug : swiftLogLevel(syslog: level)
        context.logger.log(level: logLevel, "\(message)", metadata: ["rdkafka.facility": "\(fac)"])
    }
    rd_kafka_conf_set_error_cb(conf) { client, code, reason, opaque in
        guard let context = ClientContext.from(opaque) else { return }
        var error = KafkaError(code: rd_kafka_resp_err_t(rawValue: code), message: reason.map { String(cString: $0) })
        if error.code == RD_KAFKA_RESP_ERR__FATAL, let client {
            // The generic _FATAL code hides the cause; librdkafka keeps the underlying error.
            var text = [CChar](repeating: 0, count: 512)
            let underlying = rd_kafka_fatal_error(client, &text, text.count)
            error = KafkaError(code: underlying, message: errorText(text), isFatal: true, isRetriable: false)
        }
        if error.isFatal {
            context.logger.critical("kafka fatal error: \(error)")
        } else if error.code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            context.logger.warning("all Kafka brokers are down: \(error.message); retrying with backoff, nothing is committed meanwhile")
        } else {
            context.logger.warning("kafka: \(error)")
        }
        context.onError?(error)
    }
}

private func swiftLogLevel(syslog level: Int32) -> Logger.Level {
    switch level {
    case ...2: .critical
    case 3: .error
    case 4: .warning
    case 5: .notice
    case 6: .info
    default: .debug
    }
}

/// Reads a NUL-terminated librdkafka error text buffer.
func errorText(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// A client handle that may cross into the poll thread's closure; librdkafka handles are thread-safe.
struct SendableHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Collects delivery reports inside `rd_kafka_poll`/`rd_kafka_flush` (whichever thread runs them)
/// so the handler sees one batch per poll and can take its locks once per batch, not per message.
final class DeliveryBuffer: @unchecked Sendable {
    // @unchecked: `pending` is guarded by `lock`; `handler` is immutable.
    private let lock = NSLock()
    private var pending: [DeliveryReport] = []
    private let handler: @Sendable ([DeliveryReport]) -> Void

    init(_ handler: @escaping @Sendable ([DeliveryReport]) -> Void) { self.handler = handler }

    func add(_ report: DeliveryReport) { lock.withLock { pending.append(report) } }

    /// Hands what was collected to the handler, outside the lock.
    func drain() {
        let batch: [DeliveryReport] = lock.withLock {
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        if !batch.isEmpty { handler(batch) }
    }
}

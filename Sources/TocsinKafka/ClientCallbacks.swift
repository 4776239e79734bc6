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
    /// Producers only: what the callbacks learn about reaching the cluster.
    let connectivity: ProducerConnectivity?
    /// This client's secret values, removed from everything librdkafka logs or reports.
    let redactor = SecretRedactor()

    init(
        logger: Logger,
        consumerState: ConsumerState? = nil,
        connectivity: ProducerConnectivity? = nil,
        onDeliveries: (@Sendable ([DeliveryReport]) -> Void)? = nil,
        onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil
    ) {
        self.logger = logger
        deliveries = onDeliveries.map(DeliveryBuffer.init)
        self.onRebalance = onRebalance
        self.onError = onError
        self.consumerState = consumerState
        self.connectivity = connectivity
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        opaque.map { Unmanaged<ClientContext>.fromOpaque($0).takeUnretainedValue() }
    }

    static func from(client: OpaquePointer?) -> ClientContext? {
        client.flatMap { from(rd_kafka_opaque($0)) }
    }
}

/// Installs the callbacks every client gets: librdkafka's log, errors and statistics routed to swift-log.
func installCommonCallbacks(_ conf: OpaquePointer, context: ClientContext) {
    rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
    context.redactor.learn(from: conf)
    rd_kafka_conf_set_log_cb(conf) { client, level, facility, text in
        guard let context = ClientContext.from(client: client) else { return }
        let message = context.redactor.scrub(text.map { String(cString: $0) } ?? "")
        let fac = facility.map { String(cString: $0) } ?? ""
        // Connection failures also reach the error callback, which logs them once with advice.
        let logLevel = fac == "FAIL" ? .debug : swiftLogLevel(syslog: level)
        context.logger.log(level: logLevel, "\(message)", metadata: ["rdkafka.facility": "\(fac)"])
    }
    rd_kafka_conf_set_error_cb(conf) { client, code, reason, opaque in
        guard let context = ClientContext.from(opaque) else { return }
        var error = KafkaError(code: rd_kafka_resp_err_t(rawValue: code), message: reason.map { context.redactor.scrub(String(cString: $0)) })
        if error.code == RD_KAFKA_RESP_ERR__FATAL, let client {
            // The generic _FATAL code hides the cause; librdkafka keeps the underlying error.
            var text = [CChar](repeating: 0, count: 512)
            let underlying = rd_kafka_fatal_error(client, &text, text.count)
            error = KafkaError(code: underlying, message: errorText(text), isFatal: true, isRetriable: false)
        } else if error.code == RD_KAFKA_RESP_ERR__AUTHENTICATION {
            // Rejected credentials do not fix themselves, and a restart re-reads rotated secrets:
            // stop instead of retrying forever.
            error = KafkaError(
                code: error.code,
                message: "\(error.message); check kafka.security.sasl (mechanism, username, the password or "
                    + "client secret it names) and that the broker knows this user",
                isFatal: true, isRetriable: false)
        }
        if error.isFatal {
            context.logger.critical("kafka fatal error: \(error)")
        } else if error.code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            context.logger.warning("all Kafka brokers are down: \(error.message); retrying with backoff, nothing is committed meanwhile")
            context.connectivity?.markDown("all brokers are down: \(error.message)")
        } else {
            context.logger.warning("kafka: \(error)")
        }
        context.onError?(error)
    }
    // Called every `statistics.interval.ms` (when > 0) from the client's poll; returning 0 lets librdkafka free the JSON.
    rd_kafka_conf_set_stats_cb(conf) { _, json, length, opaque in
        guard let json, let context = ClientContext.from(opaque) else { return 0 }
        guard let statistics = KafkaStatistics(json: UnsafeRawBufferPointer(start: json, count: length)) else {
            context.logger.debug("kafka statistics: unreadable report of \(length) bytes")
            return 0
        }
        context.logger.debug("kafka statistics", metadata: statistics.summary)
        context.connectivity?.apply(statistics)
        return 0
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

/// Removes a client's secret values from text librdkafka produced. librdkafka 2.8.0 redacts
/// `sasl.password` and `ssl.key.password` in its configuration dump (`debug=conf`) but prints
/// `sasl.oauthbearer.client.secret` as is, so every log line and error reason passes through here.
final class SecretRedactor: @unchecked Sendable {
    // @unchecked: `values` is written once, before the client exists, then only read.
    private var values: [String] = []

    /// Records the values of the secret properties in `conf` (see `KafkaConfiguration.isSecret`).
    func learn(from conf: OpaquePointer) {
        var count = 0
        guard let dump = rd_kafka_conf_dump(conf, &count) else { return }
        defer { rd_kafka_conf_dump_free(dump, count) }
        for index in stride(from: 0, to: count - 1, by: 2) {
            guard let name = dump[index], let value = dump[index + 1] else { continue }
            let text = String(cString: value)
            if KafkaConfiguration.isSecret(String(cString: name)) && !text.isEmpty && !values.contains(text) {
                values.append(text)
            }
        }
        // Longest first, so a secret containing another is removed whole.
        values.sort { $0.count > $1.count }
    }

    func scrub(_ text: String) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
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

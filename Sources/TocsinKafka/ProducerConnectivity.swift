import Foundation

/// Whether a producer can reach the cluster, from the last thing librdkafka told us: a metadata
/// probe, a statistics report, a successful delivery (up), or an "all brokers down" error (down).
public final class ProducerConnectivity: @unchecked Sendable {
    // @unchecked: `value` is guarded by `lock`.
    /// What is known about the producer's connection.
    public enum State: Sendable, Equatable {
        /// Nothing heard yet (just started).
        case unknown
        case up
        /// Why it is thought to be down.
        case down(String)
    }

    private let lock = NSLock()
    private var value = State.unknown

    public init() {}

    public var state: State { lock.withLock { value } }
    public var isUp: Bool { state == .up }

    func markUp() { lock.withLock { value = .up } }
    func markDown(_ reason: String) { lock.withLock { value = .down(reason) } }

    /// Applies a statistics report: up when any real broker connection is up.
    func apply(_ statistics: KafkaStatistics) {
        let brokers = statistics.brokerConnections
        if brokers.up > 0 {
            markUp()
        } else {
            markDown("no connection to any of \(brokers.total) brokers is up (librdkafka statistics)")
        }
    }
}

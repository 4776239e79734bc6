import ArgumentParser
import Foundation
import Logging
import TocsinKafka
import TocsinPipeline

/// `tocsin produce`: publish news JSONL to the input topic.
struct Produce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish news JSONL (one item per line) from files or stdin to the input topic.",
        discussion: "Lines are sent as they are, valid or not, so the daemon's dead-letter handling can be exercised.")

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Kafka bootstrap servers (default: the config's).") var bootstrap: String?
    @Option(help: "Topic to publish to (default: the config's input topic).") var topic: String?
    @Argument(help: "News JSONL files; stdin when none.") var files: [String] = []

    func run() async throws {
        let logger = logging.bootstrap()
        var config = try configOptions.load(required: false)
        if let bootstrap { config.bootstrap = bootstrap }
        let target = topic ?? config.inputTopic
        let counter = DeliveryCounter()
        let producer = try KafkaProducer(configuration: config.producerConfiguration, logger: logger) { counter.record($0) }
        var lines: [[UInt8]] = []
        try forEachLine(in: files) { _, _, bytes in lines.append(bytes) }
        var sent: UInt64 = 0
        for bytes in lines {
            sent += 1
            try await producer.enqueue(ProducerRecord(topic: target, key: itemID(bytes).map { Array($0.utf8) }, value: bytes), token: sent)
        }
        _ = await producer.flush(timeoutMillis: 60_000)
        let (delivered, failures) = counter.totals
        FileHandle.standardError.write(Data("produced \(delivered) of \(sent) messages to \(target)\n".utf8))
        if delivered != sent {
            for failure in failures.prefix(5) { FileHandle.standardError.write(Data("  failed: \(failure)\n".utf8)) }
            throw ExitCode(1)
        }
    }

    /// The item's `id`, used as the message key so one story keeps one partition.
    private func itemID(_ bytes: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        return object["id"] as? String
    }
}

/// Counts delivery reports from the producer's poll thread.
final class DeliveryCounter: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var delivered = 0
    private var failures: [String] = []

    func record(_ report: DeliveryReport) {
        lock.withLock {
            if let error = report.error { failures.append(error.description) } else { delivered += 1 }
        }
    }

    var totals: (UInt64, [String]) { lock.withLock { (UInt64(delivered), failures) } }
}

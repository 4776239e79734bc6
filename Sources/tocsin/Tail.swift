import ArgumentParser
import Foundation
import Logging
import TocsinKafka
import TocsinPipeline
import TocsinRegions
import TocsinRules

/// `tocsin tail`: follow the alerts topic.
struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow the alerts topic: one coloured line per alert (severity, region, time, title), or --json.",
        discussion: "Item alerts show their top signals; region alerts (escalation, de-escalation, resolved) show the change, corroboration and top driver.")

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Kafka bootstrap servers (default: the config's).") var bootstrap: String?
    @Option(help: "Topic to follow (default: the config's alerts topic).") var topic: String?
    @Flag(help: "Start from the oldest alert instead of new ones.") var fromBeginning = false
    @Flag(help: "Print the raw JSON messages.") var json = false
    @Option(help: "Only alerts at or above this severity: low, medium, high, critical.") var minSeverity: Severity?
    @Option(help: "Only alerts for this region (repeatable).") var region: [String] = []
    @Option(help: "Colour: auto, always, never.") var colour: ColourChoice = .auto
    @Option(help: "Exit after printing this many alerts.") var max: Int?
    @Option(help: "Exit after this many seconds without a new alert.") var idleTimeout: Double?

    func run() async throws {
        var logging = logging
        if logging.logLevel == nil { logging.logLevel = .warning }  // tail's stdout is the point; keep stderr quiet
        let logger = logging.bootstrap()
        var config = try configOptions.load(required: false)
        if let bootstrap { config.bootstrap = bootstrap }
        let target = topic ?? config.alertsTopic
        // A private group that never commits: tail only reads.
        var kafka = config.consumerConfiguration.merging([
            "group.id": "tocsin-tail-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))",
            "enable.auto.commit": "false",
            "auto.offset.reset": fromBeginning ? "earliest" : "latest",
        ])
        kafka["client.id"] = "tocsin-tail"
        let consumer = try KafkaConsumer(configuration: kafka, topics: [target], logger: logger)
        let formatter = AlertFormatter(colour: colour.enabled(for: STDOUT_FILENO), showTime: true)
        let decoder = JSONDecoder()
        var printed = 0
        consumer.start()
        let idle = IdleWatch(seconds: idleTimeout, consumer: consumer)
        defer { idle.cancel() }
        for await batch in consumer.batches {
            idle.touch()
            var out = ""
            for message in batch {
                guard let alert = TailedAlert(message.value, decoder: decoder) else {
                    if json { out += String(decoding: message.value, as: UTF8.self) + "\n" }
                    continue
                }
                if let minSeverity, alert.severity < minSeverity { continue }
                if !region.isEmpty && !region.contains(alert.region ?? "") { continue }
                out += (json ? String(decoding: message.value, as: UTF8.self) : alert.line(formatter)) + "\n"
                printed += 1
                if let max, printed >= max { break }
            }
            consumer.release(batch.count)
            FileHandle.standardOutput.write(Data(out.utf8))
            if let max, printed >= max { break }
        }
        await consumer.stopPolling()
        await consumer.close()
    }
}

/// A message of the alerts topic: an item assessment or a region alert, told apart by `type`.
enum TailedAlert {
    case item(AssessmentRecord)
    case region(RegionAlert)

    init?(_ value: [UInt8], decoder: JSONDecoder) {
        struct Kind: Decodable { var type: String? }
        let data = Data(value)
        guard let kind = try? decoder.decode(Kind.self, from: data) else { return nil }
        if let type = kind.type, RegionAlert.Kind(rawValue: type) != nil {
            guard let alert = try? decoder.decode(RegionAlert.self, from: data) else { return nil }
            self = .region(alert)
        } else {
            guard let record = try? decoder.decode(AssessmentRecord.self, from: data) else { return nil }
            self = .item(record)
        }
    }

    var severity: Severity {
        switch self {
        case .item(let record): record.severity
        case .region(let alert): alert.severity
        }
    }

    var region: String? {
        switch self {
        case .item(let record): record.region
        case .region(let alert): alert.region
        }
    }

    func line(_ formatter: AlertFormatter) -> String {
        switch self {
        case .item(let record): formatter.line(record)
        case .region(let alert): formatter.line(alert)
        }
    }
}

/// Stops a consumer when no batch has arrived for a while.
final class IdleWatch: Sendable {
    private let task: Task<Void, Never>?
    private let last = LastSeen()

    init(seconds: Double?, consumer: KafkaConsumer) {
        guard let seconds else {
            task = nil
            return
        }
        task = Task { [last] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                if last.elapsed > seconds {
                    consumer.requestStop()
                    return
                }
            }
        }
    }

    func touch() { last.reset() }
    func cancel() { task?.cancel() }
}

/// When something last happened.
final class LastSeen: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var instant = ContinuousClock.now
    func reset() { lock.withLock { instant = .now } }
    var elapsed: Double {
        let duration = lock.withLock { ContinuousClock.now - instant }
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

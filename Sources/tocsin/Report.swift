import ArgumentParser
import Foundation
import Logging
import TocsinKafka
import TocsinPipeline
import TocsinRegions
import TocsinReport
import TocsinRules

/// `tocsin report`: one self-contained HTML page of alerts and region escalation over time.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render alerts as one self-contained HTML page: each region's escalation index over time, and the top alerts.",
        discussion: """
            Sources (one of):
              tocsin report [FILE ...]              alert JSONL: alerts-topic messages, 'tocsin tail --json', or \
            'tocsin score [--all] [--regions]' output; stdin when no file
              tocsin report --news FILE ...         news JSONL: scored and replayed through the region engine in \
            event-time order, sampling each region's index (the real curve, not only its alerts)
              tocsin report --bootstrap HOST:PORT [--topic T]   the alerts topic, every partition from its start \
            to its current end (--topic alone uses the config's bootstrap)

            --since and --until take an RFC 3339 time or a duration before now (90m, 24h, 7d) and keep what \
            happened in [since, until) by event time. The tier bands come from the config's regions.thresholds. \
            The page has no scripts and loads nothing; the same input gives the same bytes.
            """)

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: ArgumentHelp("News JSONL to score and replay (repeatable).", valueName: "file")) var news: [String] = []
    @Option(help: "With --news: rule file or folder (repeatable); replaces the config's rules.paths.") var rules: [String] = []
    @Option(help: "Read the alerts topic at these bootstrap servers (default with --topic: the config's).") var bootstrap: String?
    @Option(help: "Read this topic (default with --bootstrap: the config's alerts topic).") var topic: String?
    @Option(help: "Seconds to wait for the broker per partition.") var timeout: Int = 60
    @Option(help: "Only what happened at or after this time: RFC 3339, or a duration before now (24h).") var since: String?
    @Option(help: "Only what happened before this time: RFC 3339, or a duration before now.") var until: String?
    @Option(name: [.short, .long], help: "Write the page here (default: stdout).") var output: String?
    @Option(help: "The page's heading.") var title = "Tocsin escalation report"
    @Option(help: "Rows in the top-alerts table.") var top = 25
    @Option(help: "Print this time in the header: RFC 3339 or 'now' (default: none, so pages compare).") var generatedAt: String?
    @Argument(help: "Alert JSONL files; stdin when none (and no --news or topic).") var files: [String] = []

    private var fromTopic: Bool { bootstrap != nil || topic != nil }

    func validate() throws {
        if !news.isEmpty && (!files.isEmpty || fromTopic) {
            throw ValidationError("--news replays news on its own: drop the alert files or --bootstrap/--topic, or make two reports")
        }
        if fromTopic && !files.isEmpty { throw ValidationError("read either alert files or the alerts topic (--bootstrap/--topic), not both") }
        if !rules.isEmpty && news.isEmpty { throw ValidationError("--rules only applies with --news (alerts are already scored)") }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() async throws {
        let now = Date()
        var input = ReportInput(title: title, topAlerts: top)
        input.since = try since.map { try Self.time($0, now: now, option: "--since") }
        input.until = try until.map { try Self.time($0, now: now, option: "--until") }
        input.generatedAt = try generatedAt.map { $0 == "now" ? now : try Self.time($0, now: now, option: "--generated-at") }
        let config: DaemonConfig
        if !news.isEmpty {
            config = try configOptions.load(required: rules.isEmpty)
            try replayNews(into: &input, config: config)
        } else if fromTopic {
            var loaded = try configOptions.load(required: false)
            if let bootstrap { loaded.bootstrap = bootstrap }
            config = loaded
            try await readTopic(into: &input, config: config)
        } else {
            config = try configOptions.load(required: false)
            try readAlerts(into: &input)
        }
        input.thresholds = config.regions.thresholds
        let page = ReportPage.html(input)
        if let output {
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                printProblems("cannot write \(output): \(error.localizedDescription); check the folder exists and is writable")
                throw ExitCode(1)
            }
            printProblems("wrote \(output) (\(page.utf8.count / 1024) KiB)")
        } else {
            FileHandle.standardOutput.write(Data(page.utf8))
        }
    }

    /// Scores the news and replays it through the region engine (see `NewsReplay`).
    private func replayNews(into input: inout ReportInput, config: DaemonConfig) throws {
        let ruleSet = try loadRules(paths: rules.isEmpty ? config.rulePaths : rules, threshold: config.alertThreshold)
        let scorer = try Scorer(ruleSet: ruleSet)
        var items: [NewsItem] = []
        var invalid = 0
        try forEachLine(in: news) { name, number, bytes in
            do {
                items.append(try NewsItem.decode(bytes, maxBytes: config.maxMessageBytes))
            } catch {
                invalid += 1
                printProblems("\(name):\(number): skipped, not a valid news item: \(error)")
            }
        }
        let replay = try NewsReplay(items: items, scorer: scorer, rulesVersion: ruleSet.version, regions: config.regions)
        input.itemAlerts = replay.itemAlerts
        input.regionAlerts = replay.regionAlerts
        input.samples = replay.samples
        input.sourceNote = "\(items.count) news items from \(news.joined(separator: ", ")), scored and replayed through the region engine in event-time order"
        if invalid > 0 { printProblems("\(invalid) invalid lines skipped") }
    }

    /// Alert JSONL from files or stdin.
    private func readAlerts(into input: inout ReportInput) throws {
        let decoder = JSONDecoder()
        var skipped = 0
        try forEachLine(in: files) { name, number, bytes in
            do {
                add(try AlertRecord(json: bytes, decoder: decoder), to: &input)
            } catch {
                skipped += 1
                let hint = Self.looksLikeNews(bytes) ? "a news item, not an alert: use --news FILE to score news" : "not an alert record: \(error)"
                printProblems("\(name):\(number): skipped, \(hint)")
            }
        }
        input.sourceNote = "alert records from " + (files.isEmpty ? "stdin" : files.joined(separator: ", "))
        if skipped > 0 { printProblems("\(skipped) lines skipped") }
        if skipped > 0 && input.itemAlerts.isEmpty && input.regionAlerts.isEmpty {
            printProblems("no alert records read: give alert JSONL (tocsin score, tocsin tail --json), or news with --news")
            throw ExitCode(1)
        }
    }

    /// Every partition of the alerts topic, from its oldest message to its end now.
    private func readTopic(into input: inout ReportInput, config: DaemonConfig) async throws {
        var logging = logging
        if logging.logLevel == nil { logging.logLevel = .warning }   // the page is the point; keep stderr quiet
        let logger = logging.bootstrap()
        let target = topic ?? config.alertsTopic
        var kafka = config.consumerConfiguration
        kafka.properties["client.id"] = "tocsin-report"
        let decoder = JSONDecoder()
        var count = 0, skipped = 0
        do {
            let partitions = try await KafkaPartitionReader.partitions(configuration: kafka, topic: target, timeout: .seconds(timeout), logger: logger)
            for partition in partitions {
                let messages = try await KafkaPartitionReader.read(
                    configuration: kafka, topic: target, partition: partition, timeout: .seconds(timeout), logger: logger)
                count += messages.count
                for message in messages {
                    guard let record = try? AlertRecord(json: message.value, decoder: decoder) else { skipped += 1; continue }
                    add(record, to: &input)
                }
            }
            input.sourceNote = "\(count) messages of topic \(target) at \(config.bootstrap), \(partitions.count) partitions from the start"
        } catch {
            printProblems("cannot read topic \(target) at \(config.bootstrap): \(error); check --bootstrap and --topic, and that the broker is up")
            throw ExitCode(1)
        }
        if skipped > 0 { printProblems("\(skipped) messages skipped: not alert records") }
    }

    private func add(_ record: AlertRecord, to input: inout ReportInput) {
        switch record {
        case .item(let item): input.itemAlerts.append(item)
        case .region(let alert): input.regionAlerts.append(alert)
        }
    }

    private static func looksLikeNews(_ bytes: [UInt8]) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return false }
        return object["alert_id"] == nil && object["id"] != nil
    }

    /// An RFC 3339 time, or a duration before `now`: a number with s, m, h, d or w.
    static func time(_ text: String, now: Date, option: String) throws -> Date {
        if let date = ReportTime.parse(text) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        if let unit = text.last.flatMap({ units[$0] }), let value = Double(text.dropLast()), value >= 0, value.isFinite {
            return now.addingTimeInterval(-value * unit)
        }
        throw ValidationError("\(option) \(text): give an RFC 3339 time (2025-05-08T09:00:00Z) or a duration before now (90m, 24h, 7d)")
    }
}

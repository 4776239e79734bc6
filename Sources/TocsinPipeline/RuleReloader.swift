import Dispatch
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import TocsinRules
import UnixSignals

/// Reloads the rules while the daemon runs: on SIGHUP, and when the config file or a rule file
/// changes on disk. A valid new set is swapped in whole (`RuleStore`); an invalid one is logged
/// as `path:line:column: message` and the old set keeps running.
public final class RuleReloader: Service, Sendable {
    /// What a reload did.
    public enum Outcome: Sendable, Equatable {
        case reloaded(version: String)
        case unchanged
        case failed
    }

    /// What a reload reads: where the rules are and how they alert, from the config file.
    private struct Settings: Sendable {
        var rulePaths: [String]
        var alertThreshold: Severity
        var watchIntervalSeconds: Int
        var configText: String?
    }

    private let store: RuleStore
    private let configPath: String?
    private let logger: Logger
    private let settings: Mutex<Settings>
    /// The files as the last reload (or start-up) read them; the watcher compares against it.
    private let lastRead: Mutex<WatchedFiles>
    /// One reload at a time, off the cooperative pool: compiling a rule set takes a core for a while.
    private let queue = DispatchQueue(label: "tocsin.rule-reload")
    private let reloadsOK = Counter(label: "tocsin_rule_reloads_total", dimensions: [("result", "ok")])
    private let reloadsFailed = Counter(label: "tocsin_rule_reloads_total", dimensions: [("result", "failed")])

    /// `configPath` nil: there is no config file, only the rule paths of `config` are watched.
    public init(store: RuleStore, configPath: String?, config: DaemonConfig, logger: Logger) {
        self.store = store
        self.configPath = configPath
        self.logger = logger
        let text = configPath.flatMap { FileManager.default.contents(atPath: $0) }.flatMap { String(data: $0, encoding: .utf8) }
        let settings = Settings(
            rulePaths: config.rulePaths, alertThreshold: config.alertThreshold,
            watchIntervalSeconds: config.rulesWatchIntervalSeconds, configText: text)
        self.settings = Mutex(settings)
        lastRead = Mutex(WatchedFiles.read(Self.watchedPaths(configPath, settings)))
    }

    public func run() async throws {
        let (triggers, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let interval = settings.withLock { $0.watchIntervalSeconds }
        logger.info("rules: reloading on SIGHUP\(interval > 0 ? " and when the rule or config files change (checked every \(interval)s)" : "")")
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in hangups { continuation.yield("SIGHUP") }
                }
                group.addTask { await self.watch(continuation) }
                group.addTask {
                    for await trigger in triggers { _ = await self.reload(trigger: trigger) }
                }
                await group.waitForAll()
            }
        } ?? ()
    }

    /// Loads the config and rules again and swaps the rules in when they are valid and different.
    public func reload(trigger: String) async -> Outcome {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.reloadNow(trigger: trigger)) }
        }
    }

    private func reloadNow(trigger: String) -> Outcome {
        var next = settings.withLock { $0 }
        lastRead.withLock { $0 = WatchedFiles.read(Self.watchedPaths(configPath, next)) }
        if let configPath {
            // Read once: the same text is parsed and compared with the previous one.
            guard let text = FileManager.default.contents(atPath: configPath).flatMap({ String(data: $0, encoding: .utf8) }) else {
                let problem = ConfigProblem(path: configPath, line: 1, column: 1, message: "cannot read the config file; check that it exists and is readable")
                return failed(trigger, problems: [problem.description], what: "the config file")
            }
            let config: DaemonConfig
            do {
                config = try DaemonConfig.parse(text, path: configPath)
            } catch {
                return failed(trigger, problems: error.problems.map(\.description), what: "the config file")
            }
            if let old = next.configText {
                let sections = RestartOnlySettings.changedSections(from: old, to: text)
                if !sections.isEmpty {
                    logger.warning("reload (\(trigger)): \(sections.joined(separator: ", ")) changed in \(configPath); only rules: settings apply while running, restart the daemon for the rest")
                }
            }
            next = Settings(
                rulePaths: config.rulePaths, alertThreshold: config.alertThreshold,
                watchIntervalSeconds: config.rulesWatchIntervalSeconds, configText: text)
        }
        let ruleSet: RuleSet
        do {
            ruleSet = try RuleSet.load(paths: next.rulePaths, alertThreshold: next.alertThreshold)
        } catch {
            return failed(trigger, problems: error.problems.map(\.description), what: "the rules")
        }
        settings.withLock { $0 = next }
        let old = store.ruleSet
        let diff = RuleSetDiff(from: old, to: ruleSet)
        reloadsOK.increment()
        guard old.version != ruleSet.version || !diff.isEmpty else {
            logger.info("reload (\(trigger)): rules unchanged (\(old.version))")
            return .unchanged
        }
        for warning in ruleSet.warnings { logger.warning("\(warning)") }
        store.replace(with: ruleSet)
        logger.notice("rules reloaded (\(trigger)): \(old.version) -> \(ruleSet.version), \(ruleSet.signalRuleCount) signal rules; \(diff)")
        return .reloaded(version: ruleSet.version)
    }

    private func failed(_ trigger: String, problems: [String], what: String) -> Outcome {
        reloadsFailed.increment()
        for problem in problems { logger.error("\(problem)") }
        logger.error("reload (\(trigger)) failed: \(problems.count) problem(s) in \(what), listed above; still running rules \(store.ruleSet.version). Fix the files, then save again or send SIGHUP")
        return .failed
    }

    /// Polls the files every `watch_interval_seconds`; a change is reported once the files have
    /// stopped changing for a moment, so a save in several writes is read whole.
    private func watch(_ triggers: AsyncStream<String>.Continuation) async {
        while !Task.isCancelled {
            let (interval, paths) = settings.withLock { ($0.watchIntervalSeconds, Self.watchedPaths(configPath, $0)) }
            // Off (0) is looked at again each second: a reload may turn watching on.
            try? await Task.sleep(for: .seconds(max(interval, 1)))
            guard interval > 0 else { continue }
            var now = WatchedFiles.read(paths)
            let changed = now.changedFiles(since: lastRead.withLock { $0 })
            guard !changed.isEmpty else { continue }
            for _ in 0..<10 {
                try? await Task.sleep(for: .milliseconds(200))
                let again = WatchedFiles.read(paths)
                if again == now { break }
                now = again
            }
            triggers.yield("changed: \(changed.joined(separator: ", "))")
        }
    }

    private static func watchedPaths(_ configPath: String?, _ settings: Settings) -> [String] {
        (configPath.map { [$0] } ?? []) + settings.rulePaths
    }
}

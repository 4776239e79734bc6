import ArgumentParser
import Foundation
import Logging
import TocsinObservability
import TocsinPipeline
import TocsinRules

/// `--config`, shared by every command that reads the daemon config.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $TOCSIN_CONFIG, else Config/tocsin.yaml).")
    var config: String?

    static let defaultPath = "Config/tocsin.yaml"

    var path: String { config ?? ProcessInfo.processInfo.environment["TOCSIN_CONFIG"] ?? Self.defaultPath }

    /// Loads the config; when no file was named and the default is absent, the built-in defaults apply.
    func load(required: Bool = true) throws -> DaemonConfig {
        let explicit = config != nil || ProcessInfo.processInfo.environment["TOCSIN_CONFIG"] != nil
        if !explicit && !required && !FileManager.default.fileExists(atPath: path) { return DaemonConfig() }
        do {
            return try DaemonConfig.load(path: path)
        } catch {
            printProblems(error.description)
            throw ExitCode(1)
        }
    }
}

/// `--log-level` and `--log-format`, shared by the long-running commands.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error, critical (default: the config's logging.level, else info).")
    var logLevel: Logger.Level?
    @Option(help: "Log format on stderr: text, or json (one object per line, for log shippers) (default: the config's logging.format, else text).")
    var logFormat: LogFormat?

    /// Sets up logging once; flags override the config's `logging:` section.
    func bootstrap(_ config: LoggingConfig = LoggingConfig()) -> Logger {
        LogOutput.bootstrap(level: logLevel ?? config.level, json: (logFormat ?? config.format) == .json)
        return Logger(label: "tocsin")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension StdoutFormat: ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}

/// Loads rules, printing every problem as `path:line:column: message` and exiting 1 on errors.
func loadRules(paths: [String], threshold: Severity) throws -> RuleSet {
    guard !paths.isEmpty else {
        printProblems("no rules configured: set rules.paths in the config file or pass --rules PATH")
        throw ExitCode(1)
    }
    do {
        return try RuleSet.load(paths: paths, alertThreshold: threshold)
    } catch {
        printProblems(error.description)
        throw ExitCode(1)
    }
}

func printProblems(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Whether to colour output: `auto` colours only a terminal.
enum ColourChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(for fd: Int32) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isatty(fd) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

/// Reads JSONL input from files, or stdin when none are given; yields (source name, line number, bytes).
func forEachLine(in files: [String], _ body: (String, Int, [UInt8]) throws -> Void) throws {
    let sources: [(String, FileHandle)] = try files.isEmpty
        ? [("<stdin>", FileHandle.standardInput)]
        : files.map { path in
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ValidationError("cannot open \(path): check that the file exists and is readable")
            }
            return (path, handle)
        }
    for (name, handle) in sources {
        let data = handle.readDataToEndOfFile()
        var number = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let bytes = Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...])
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            try body(name, number, bytes)
        }
    }
}

import ArgumentParser
import Foundation
import TocsinRules

/// `tocsin test`: run the rule tests kept as YAML files (see Config/rules/tests/README.md).
struct RuleTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule tests (YAML cases with expected signals, region, severity, alert).",
        discussion: """
            Prints one path:line:column: line per failing case and a summary; exits 1 when a case fails \
            or a test file is malformed. Cases marked 'pending' are run but never fail.
            """)

    @OptionGroup var configOptions: ConfigOptions
    @Option(help: "Rule file or folder (repeatable); replaces the config's rules.paths.") var rules: [String] = []
    @Flag(help: "List passing and pending cases too.") var verbose = false
    @Option(help: "Run only cases whose name contains this text.") var filter: String?
    @Argument(help: "Test files or folders (default: the 'tests' folder inside each rules folder).") var paths: [String] = []

    func run() throws {
        let config = try configOptions.load(required: rules.isEmpty)
        let rulePaths = rules.isEmpty ? config.rulePaths : rules
        let ruleSet = try loadRules(paths: rulePaths, threshold: config.alertThreshold)
        let testPaths = paths.isEmpty ? RuleTestSuite.defaultPaths(forRulePaths: rulePaths).map(relativeToWorkingDirectory) : paths
        guard !testPaths.isEmpty else {
            printProblems("no rule tests found: pass a test file or folder, or put *.yaml tests in a 'tests' folder inside the rules folder")
            throw ExitCode(1)
        }
        var suite: RuleTestSuite
        do {
            suite = try RuleTestSuite.load(paths: testPaths)
        } catch {
            printProblems(error.description)
            throw ExitCode(1)
        }
        let unknown = suite.unknownNames(in: ruleSet)
        guard unknown.isEmpty else {
            printProblems(unknown.map(\.description).joined(separator: "\n"))
            throw ExitCode(1)
        }
        if let filter { suite.cases.removeAll { !$0.name.localizedCaseInsensitiveContains(filter) } }

        let results = suite.run(with: try Scorer(ruleSet: ruleSet))
        var counts: [RuleTestResult.Status: Int] = [:]
        var output = ""
        for result in results {
            counts[result.status, default: 0] += 1
            // A pending case that passes is worth saying even without --verbose: its note is stale.
            if result.status == .failed || result.status == .pendingPasses || verbose {
                output += result.summary + "\n"
            }
        }
        let pending = (counts[.pending] ?? 0) + (counts[.pendingPasses] ?? 0)
        output += "\(counts[.passed] ?? 0) passed, \(counts[.failed] ?? 0) failed"
        output += pending > 0 ? ", \(pending) pending\n" : "\n"
        FileHandle.standardOutput.write(Data(output.utf8))
        if counts[.failed] ?? 0 > 0 { throw ExitCode(1) }
    }
}

/// `path` relative to the working directory when it lies below it, so locations stay short and
/// clickable; the config resolves rule paths to absolute ones.
func relativeToWorkingDirectory(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
}

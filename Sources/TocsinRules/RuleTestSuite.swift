import Foundation

/// Why rule tests could not be loaded: every problem found, each as `path:line:column: message`.
public struct RuleTestLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [FileProblem]

    public init(problems: [FileProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// The rule tests of one or more files, in file and then case order.
public struct RuleTestSuite: Sendable {
    public var cases: [RuleTestCase]

    public init(cases: [RuleTestCase]) { self.cases = cases }

    /// Where tests live by default: a `tests` folder inside each rules folder (or next to each rule
    /// file), where one exists. Rule loading does not descend into sub-folders, so they never clash.
    public static func defaultPaths(forRulePaths rulePaths: [String]) -> [String] {
        var seen: Set<String> = []
        return rulePaths.compactMap { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
            let folder = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
            let tests = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("tests")
            guard FileManager.default.fileExists(atPath: tests), seen.insert(tests).inserted else { return nil }
            return tests
        }
    }

    /// Loads test files; each path is a YAML file or a folder whose `*.yaml` / `*.yml` files are read in
    /// name order.
    public static func load(paths: [String]) throws(RuleTestLoadError) -> RuleTestSuite {
        let (sources, problems) = YAMLSources.read(paths: paths, kind: "test")
        guard problems.isEmpty else { throw RuleTestLoadError(problems: problems) }
        return try load(sources: sources)
    }

    /// Loads tests from in-memory sources (used by `load(paths:)` and tests).
    public static func load(sources: [RuleSource]) throws(RuleTestLoadError) -> RuleTestSuite {
        var cases: [RuleTestCase] = []
        var problems: [FileProblem] = []
        for source in sources {
            var reader = RuleTestFileReader(path: source.path)
            reader.read(source.text)
            cases += reader.cases
            problems += reader.problems
        }
        guard problems.isEmpty else { throw RuleTestLoadError(problems: problems) }
        return RuleTestSuite(cases: cases)
    }

    /// Names in `signals` and `absent` that are neither a category nor a rule id of `ruleSet`: a typo
    /// there would make an `absent` check pass vacuously.
    public func unknownNames(in ruleSet: RuleSet) -> [FileProblem] {
        let known = Set(ruleSet.signalRules.map(\.id) + ruleSet.categories.map(\.name))
        return cases.flatMap { testCase in
            testCase.expectations.compactMap { expectation -> FileProblem? in
                switch expectation.kind {
                case let .signal(name), let .absent(name):
                    guard !known.contains(name) else { return nil }
                    return expectation.location.problem(
                        "case '\(testCase.name)': '\(name)' is neither a category nor a rule id of the loaded rules; check the spelling")
                default:
                    return nil
                }
            }
        }
    }

    /// Runs every case with `scorer`, in order.
    public func run(with scorer: Scorer) -> [RuleTestResult] { cases.map { $0.run(with: scorer) } }
}

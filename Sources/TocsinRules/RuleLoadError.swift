/// One problem in a config or rule file, with the position it refers to (1-based line and column).
public struct FileProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: message`, the format editors and `tocsin check` understand.
    public var description: String { "\(path):\(line):\(column): \(message)" }
}

/// Why a rule set could not be loaded: every problem found, not just the first.
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [FileProblem]
    /// Warnings found before the errors stopped the load (see `RuleSet.warnings`).
    public var warnings: [FileProblem]

    public init(problems: [FileProblem], warnings: [FileProblem] = []) {
        self.problems = problems
        self.warnings = warnings
    }

    /// One `path:line:column: message` per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

import TocsinRules
import Yams

/// A problem in the daemon config; the same `path:line:column: message` shape as rule-file problems.
public typealias ConfigProblem = FileProblem

/// One or more config problems; start-up stops on it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigProblem]
    public init(_ problems: [ConfigProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reads typed values out of a YAML mapping, collecting problems with their positions.
struct YAMLReader {
    let path: String
    private(set) var problems: [ConfigProblem] = []

    init(path: String) { self.path = path }

    /// Parses `text`; a syntax error becomes a problem at its position.
    mutating func parse(_ text: String) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, column, problem) = Self.position(of: error)
            problems.append(ConfigProblem(path: path, line: line, column: column, message: "invalid YAML: \(problem)"))
        } catch {
            report(nil, "cannot read YAML: \(error)")
        }
        return nil
    }

    mutating func report(_ node: Node?, _ message: String) {
        let mark = node?.mark
        problems.append(ConfigProblem(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    /// The mapping at `node`, reporting keys not in `known` (likely typos).
    mutating func mapping(_ node: Node?, context: String, known: Set<String>) -> [String: (key: Node, value: Node)] {
        guard let node else { return [:] }
        guard let mapping = node.mapping else {
            report(node, "\(context) must be a mapping of keys to values")
            return [:]
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                report(key, "\(context): keys must be strings")
                continue
            }
            if !known.isEmpty && !known.contains(name) {
                report(key, "unknown key '\(name)' in \(context); expected one of: \(known.sorted().joined(separator: ", "))")
                continue
            }
            result[name] = (key, value)
        }
        return result
    }

    mutating func string(_ node: Node?, _ name: String) -> String? {
        guard let node else { return nil }
        guard let value = node.scalar?.string, !value.isEmpty else {
            report(node, "\(name) must be a non-empty string")
            return nil
        }
        return value
    }

    mutating func int(_ node: Node?, _ name: String, range: ClosedRange<Int>) -> Int? {
        guard let node else { return nil }
        guard let value = node.int, range.contains(value) else {
            report(node, "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func stringList(_ node: Node?, _ name: String) -> [String]? {
        guard let node else { return nil }
        if let single = node.scalar { return [single.string] }
        guard let sequence = node.sequence else {
            report(node, "\(name) must be a string or a list of strings")
            return nil
        }
        return sequence.compactMap { string($0, name) }
    }

    /// A flat mapping of scalar values, e.g. librdkafka properties (numbers and booleans become strings).
    mutating func stringMap(_ node: Node?, _ name: String) -> [String: String] {
        var result: [String: String] = [:]
        for (key, entry) in mapping(node, context: name, known: []) {
            guard let value = entry.value.scalar?.string else {
                report(entry.value, "\(name).\(key) must be a single value")
                continue
            }
            result[key] = value
        }
        return result
    }

    private static func position(of error: YamlError) -> (line: Int, column: Int, problem: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return (mark.line, mark.column, problem)
        default:
            return (1, 1, "\(error)")
        }
    }
}

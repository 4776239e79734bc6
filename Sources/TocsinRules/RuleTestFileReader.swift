import Yams

/// Reads one rule test file into `RuleTestCase`s, collecting every problem with its position.
///
/// ```yaml
/// tests:
///   - name: troops massed at the border
///     title: ...                # title and/or body
///     body: ...
///     pending: needs negation   # optional: expected to fail for now
///     expect:                   # at least one of:
///       alert: true
///       severity: high          # or {at_least: medium} / {at_most: low} / both
///       region: india-pakistan  # or null
///       signals: [troop_deployment, troops-deployed]   # categories or rule ids
///       absent: [de_escalation]
/// ```
struct RuleTestFileReader {
    let path: String
    private(set) var problems: [FileProblem] = []
    private(set) var cases: [RuleTestCase] = []

    init(path: String) { self.path = path }

    static let caseKeys = ["name", "title", "body", "pending", "expect"]
    static let expectKeys = ["alert", "severity", "region", "signals", "absent"]

    mutating func read(_ text: String) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            // RuleFileReader already turns Yams errors into positioned problems; a text that does not
            // compose yields exactly that one problem there, so reuse it rather than copy it.
            var rules = RuleFileReader(path: path)
            var ignored = RuleDefinitions()
            rules.read(text, into: &ignored)
            problems += rules.problems.isEmpty ? [at(nil, "cannot parse YAML: \(error)")] : rules.problems
            return
        }
        guard let root else {
            problems.append(at(nil, "empty test file; add 'tests:' with a list of cases"))
            return
        }
        guard let top = mapping(root, "the top level of a test file (tests: [...])") else { return }
        checkKeys(top, allowed: ["tests"], in: "the top level")
        guard let list = top["tests"] else {
            problems.append(at(root, "test file has no 'tests:' list"))
            return
        }
        guard case let .sequence(entries) = list else {
            problems.append(at(list, "'tests' must be a list of cases (each starting with '- name: ...')"))
            return
        }
        var names: [String: SourceLocation] = [:]
        for entry in entries {
            guard let testCase = readCase(entry) else { continue }
            if let first = names[testCase.name] {
                problems.append(at(entry, "duplicate case name '\(testCase.name)' (first at line \(first.line)); names must be unique in a file"))
            }
            names[testCase.name] = testCase.location
            cases.append(testCase)
        }
    }

    private mutating func readCase(_ node: Node) -> RuleTestCase? {
        guard let map = mapping(node, "a test case") else { return nil }
        checkKeys(map, allowed: Self.caseKeys, in: "a test case")
        let name = string(map["name"], "name")
        let title = map["title"].flatMap { string($0, "title") }
        let body = map["body"].flatMap { string($0, "body") }
        let pending = map["pending"].flatMap { string($0, "pending") }
        if map["name"] == nil { problems.append(at(node, "test case is missing 'name'")) }
        if (title ?? "").allSatisfy(\.isWhitespace), (body ?? "").allSatisfy(\.isWhitespace) {
            problems.append(at(node, "test case has no text; give a 'title', a 'body' or both"))
        }
        var expectations: [RuleTestExpectation] = []
        let problemsBefore = problems.count
        if let expect = map["expect"], let emap = mapping(expect, "'expect'") {
            checkKeys(emap, allowed: Self.expectKeys, in: "'expect'")
            for (key, value) in emap { expectations += readExpectation(key.string ?? "", value) }
        }
        // Only when nothing was written: invalid entries have been reported already.
        if expectations.isEmpty, problems.count == problemsBefore {
            problems.append(at(map["expect"] ?? node, "test case expects nothing; add 'expect:' with alert, severity, region, signals or absent"))
        }
        guard let name else { return nil }
        return RuleTestCase(name: name, title: title, body: body, pending: pending,
                            expectations: expectations, location: location(node))
    }

    private mutating func readExpectation(_ key: String, _ value: Node) -> [RuleTestExpectation] {
        func one(_ kind: RuleTestExpectation.Kind) -> [RuleTestExpectation] {
            [RuleTestExpectation(kind: kind, location: location(value))]
        }
        switch key {
        case "alert":
            guard let flag = value.bool else {
                problems.append(at(value, "'alert' must be true or false"))
                return []
            }
            return one(.alert(flag))
        case "severity":
            return severity(value).map { one(.severity(atLeast: $0.0, atMost: $0.1)) } ?? []
        case "region":
            if value.null != nil { return one(.region(nil)) }
            return string(value, "region").map { one(.region($0)) } ?? []
        case "signals", "absent":
            return names(value, key).map { name, node in
                RuleTestExpectation(kind: key == "signals" ? .signal(name) : .absent(name), location: location(node))
            }
        default:
            return []   // reported by checkKeys
        }
    }

    /// `high`, or `{at_least: medium, at_most: high}` (either bound may be left out).
    private mutating func severity(_ node: Node) -> (Severity, Severity)? {
        if case .scalar = node {
            return tier(node).map { ($0, $0) }
        }
        guard let map = mapping(node, "'severity' (a tier, or {at_least: tier, at_most: tier})") else { return nil }
        checkKeys(map, allowed: ["at_least", "at_most"], in: "'severity'")
        guard map["at_least"] != nil || map["at_most"] != nil else {
            problems.append(at(node, "'severity' needs 'at_least', 'at_most' or both"))
            return nil
        }
        let low = map["at_least"].map { tier($0) } ?? Severity.none
        let high = map["at_most"].map { tier($0) } ?? .critical
        guard let low, let high else { return nil }
        if low > high {
            problems.append(at(node, "'at_least' (\(low.rawValue)) is above 'at_most' (\(high.rawValue)); no severity can pass"))
            return nil
        }
        return (low, high)
    }

    private mutating func tier(_ node: Node) -> Severity? {
        if let s = node.string, let tier = Severity(rawValue: s) { return tier }
        problems.append(at(node, "severity must be one of none, low, medium, high, critical"))
        return nil
    }

    /// A name or a list of names (categories or rule ids), each with its node.
    private mutating func names(_ node: Node, _ key: String) -> [(String, Node)] {
        let nodes: [Node]
        if case let .sequence(list) = node { nodes = Array(list) } else { nodes = [node] }
        return nodes.compactMap { item in
            guard case .scalar = item, let s = item.string, !s.isEmpty else {
                problems.append(at(item, "each entry of '\(key)' must be a category or rule id"))
                return nil
            }
            return (s, item)
        }
    }

    // MARK: - Node helpers

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    private func at(_ node: Node?, _ message: String) -> FileProblem { location(node).problem(message) }

    private mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
        if case let .mapping(m) = node { return m }
        problems.append(at(node, "expected a mapping (key: value) for \(what)"))
        return nil
    }

    private mutating func string(_ node: Node?, _ key: String) -> String? {
        guard let node else { return nil }
        guard case let .scalar(s) = node, !s.string.isEmpty else {
            problems.append(at(node, "'\(key)' must be a non-empty string"))
            return nil
        }
        return s.string
    }

    private mutating func checkKeys(_ map: Node.Mapping, allowed: [String], in what: String) {
        for key in map.keys where !allowed.contains(key.string ?? "") {
            problems.append(at(key, "unknown key '\(key.string ?? "?")' in \(what); expected one of: \(allowed.joined(separator: ", "))"))
        }
    }
}

/// One rule test from a test file (see `Config/rules/tests/README.md`): a text and what the rules
/// must say about it.
public struct RuleTestCase: Sendable {
    public var name: String
    public var title: String?
    public var body: String?
    /// Why the case is expected to fail for now (e.g. "needs negation modifiers"); such a case is
    /// run and reported as pending, never as a failure.
    public var pending: String?
    /// In file order.
    public var expectations: [RuleTestExpectation]
    let location: SourceLocation

    /// The file the case was read from.
    public var path: String { location.path }
    /// Where the case's entry (`- name: ...`) starts, 1-based.
    public var line: Int { location.line }
    public var column: Int { location.column }

    /// Scores the case's text and checks every expectation.
    public func run(with scorer: Scorer) -> RuleTestResult {
        let item = NewsItem(id: "test:\(name)", title: title, body: body)
        let assessment = scorer.assess(item)
        let failures = expectations.compactMap { expectation in
            expectation.failure(for: assessment).map { expectation.location.problem($0) }
        }
        return RuleTestResult(testCase: self, assessment: assessment, failures: failures)
    }
}

/// One thing a rule test expects, with where it is written (so a failure points at it).
public struct RuleTestExpectation: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `alert: true|false`
        case alert(Bool)
        /// `severity: high` (both bounds equal) or `severity: {at_least: low, at_most: medium}`.
        case severity(atLeast: Severity, atMost: Severity)
        /// `region: koreas`, or `region: null` for "no region".
        case region(String?)
        /// `signals: [...]`: a counted signal has this category or rule id.
        case signal(String)
        /// `absent: [...]`: no counted signal has this category or rule id.
        case absent(String)
    }

    public var kind: Kind
    let location: SourceLocation

    /// `expected …, got …` when the assessment does not meet the expectation, else nil.
    func failure(for a: Assessment) -> String? {
        switch kind {
        case let .alert(expected):
            guard a.alert != expected else { return nil }
            return "expected alert \(expected), got \(a.alert) (severity \(a.severity.rawValue), score \(format(a.score)))"
        case let .severity(low, high):
            guard a.severity < low || a.severity > high else { return nil }
            let wanted = low == high ? low.rawValue
                : high == .critical ? "at least \(low.rawValue)"
                : low == Severity.none ? "at most \(high.rawValue)"
                : "\(low.rawValue) to \(high.rawValue)"
            return "expected severity \(wanted), got \(a.severity.rawValue) (score \(format(a.score)))"
        case let .region(expected):
            guard a.region != expected else { return nil }
            return "expected region \(expected ?? "null"), got \(a.region ?? "null")"
        case let .signal(name):
            guard !a.signals.contains(where: { $0.category == name || $0.rule == name }) else { return nil }
            return "expected signal \(name), got \(a.signals.isEmpty ? "no signals" : describe(a.signals))"
        case let .absent(name):
            let found = a.signals.filter { $0.category == name || $0.rule == name }
            guard !found.isEmpty else { return nil }
            return "expected no \(name), got \(describe(found))"
        }
    }

    private func describe(_ signals: [Signal]) -> String {
        signals.map { "\($0.category)/\($0.rule) \"\($0.evidence)\"" }.joined(separator: ", ")
    }

    private func format(_ score: Double) -> String {
        score == score.rounded() ? String(Int(score)) : String(score)
    }
}

/// The outcome of one rule test.
public struct RuleTestResult: Sendable {
    public enum Status: Sendable, Equatable {
        case passed, failed
        /// Marked pending and still failing: expected, not a failure.
        case pending
        /// Marked pending but passing: its `pending` note can go.
        case pendingPasses
    }

    public var testCase: RuleTestCase
    public var assessment: Assessment
    /// Each unmet expectation at its position, as `expected …, got …`.
    public var failures: [FileProblem]

    public var status: Status {
        switch (testCase.pending != nil, failures.isEmpty) {
        case (false, true): .passed
        case (false, false): .failed
        case (true, false): .pending
        case (true, true): .pendingPasses
        }
    }

    /// `path:line:column: case 'name': expected …, got …; expected …, got …`, at the first unmet
    /// expectation (or at the case when all are met).
    public var summary: String {
        let at = failures.first.map { "\($0.path):\($0.line):\($0.column)" }
            ?? "\(testCase.path):\(testCase.line):\(testCase.column)"
        let head = "\(at): case '\(testCase.name)'"
        let unmet = failures.map(\.message).joined(separator: "; ")
        switch status {
        case .passed: return "\(head): ok"
        case .failed: return "\(head): \(unmet)"
        case .pending: return "\(head): pending (\(testCase.pending ?? "")): \(unmet)"
        case .pendingPasses: return "\(head): passes but is marked pending (\(testCase.pending ?? "")); remove 'pending'"
        }
    }
}

extension Explanation {
    /// A human-readable report (what `tocsin score --explain` prints): a header line, then the
    /// counted signals, the modifiers that fired and the matches that did not count. Repeated
    /// matches of a counted rule are summarised in one line per rule.
    public func report(for item: NewsItem) -> String {
        let a = assessment
        var lines: [String] = []
        let verdict = a.alert ? "ALERT" : "no alert"
        lines.append("\(item.id): \(verdict), severity \(a.severity.rawValue), score \(formatWeight(a.score)), region \(a.region ?? "none")")
        if let title = item.title, !title.isEmpty { lines.append("  \(quoted(title))") }

        lines.append(counted.isEmpty ? "  counted: none" : "  counted:")
        for c in counted {
            var how: [String] = []
            if c.factor != 1 { how.append("rule \(formatWeight(c.ruleWeight)) x\(formatWeight(c.factor))") }
            if c.capped { how.append("cut by the \(c.signal.category) cap") }
            if !c.modifiers.isEmpty { how.append("modifiers: " + c.modifiers.joined(separator: ", ")) }
            lines.append("    \(signed(c.signal.weight).padded(6)) \(c.signal.category.padded(20)) \(c.signal.rule.padded(22)) \(quoted(c.signal.evidence)) @\(c.signal.start)-\(c.signal.end)"
                + (how.isEmpty ? "" : "  (\(how.joined(separator: "; ")))"))
        }

        if !modifiers.isEmpty { lines.append("  modifiers:") }
        for m in modifiers {
            let targets = m.affects.map { "\($0.rule) \(quoted($0.span.evidence))" }.joined(separator: ", ")
            lines.append("    \(m.kind.rawValue.padded(12)) \(m.id.padded(22)) \(quoted(m.span.evidence)) @\(m.span.start)-\(m.span.end)  \(m.effect) -> \(targets)")
        }

        var repeats: [String: Int] = [:]
        for u in uncounted where u.reason == .repeated { repeats[u.rule, default: 0] += 1 }
        if !uncounted.isEmpty { lines.append("  not counted:") }
        var summarised = Set<String>()
        for u in uncounted {
            let head = "    \(u.reason.label.padded(12)) \(u.rule.padded(22))"
            switch u.reason {
            case .repeated:
                guard summarised.insert(u.rule).inserted else { continue }
                let n = repeats[u.rule] ?? 1
                lines.append("\(head) \(quoted(u.span.evidence)) @\(u.span.start)-\(u.span.end)"
                    + (n > 1 ? " and \(n - 1) more" : "") + "  (the rule counts once per item, with its best match)")
            case .negated, .historical, .hypothetical, .figurative, .cancelled:
                let by = u.modifierSpan.map { " by \(u.modifier ?? "?") \(quoted($0.evidence)) @\($0.start)-\($0.end)" } ?? ""
                lines.append("\(head) \(quoted(u.span.evidence)) @\(u.span.start)-\(u.span.end)  \(signed(u.weight))\(by)")
            case .overlapping:
                lines.append("\(head) \(quoted(u.span.evidence)) @\(u.span.start)-\(u.span.end)  \(signed(u.weight)), overlaps counted \(u.other ?? "?")")
            case .overCap:
                lines.append("\(head) \(quoted(u.span.evidence)) @\(u.span.start)-\(u.span.end)  \(signed(u.weight)), \(u.category) already at its cap")
            case .disabled:
                lines.append("\(head) \(quoted(u.span.evidence)) @\(u.span.start)-\(u.span.end)  (enabled: false)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\n", with: " ") + "\""
    }

    private func signed(_ weight: Double) -> String { weight > 0 ? "+" + formatWeight(weight) : formatWeight(weight) }
}

extension UncountedReason {
    /// A short label for reports.
    var label: String {
        switch self {
        case .overCap: "over cap"
        default: rawValue
        }
    }
}

private extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

import Foundation
import TocsinRules

/// The human-readable `tocsin eval` report.
struct EvalText {
    let report: EvaluationReport

    func render() -> String {
        var out = "rules \(report.rulesVersion ?? "?"), \(report.itemCount) items"
        out += report.skipped > 0 ? " (\(report.skipped) lines skipped, see stderr)\n\n" : "\n\n"
        let a = report.alerts
        out += "Alerts     precision \(num(a.precision))  recall \(num(a.recall))  F1 \(num(a.f1))"
        out += "   (\(a.truePositives) of \(a.support) expected alerts raised, \(a.falsePositives) false alarms)\n\n"

        let width = max(12, report.categories.keys.map(\.count).max() ?? 0)
        out += pad("Signals", width + 4) + "precision  recall      F1  expected  predicted\n"
        for (name, counts) in report.categories.sorted(by: { $0.key < $1.key }) {
            out += row("  " + pad(name, width), counts)
        }
        out += row("  " + pad("micro", width), report.categoryTotals)
        out += "  " + pad("macro", width) + String(repeating: " ", count: 22) + num(report.macroF1) + "\n\n"

        out += "Severity   exact \(share(report.severityExact)), within one tier \(share(report.severityWithinOne))\n"
        out += "Region     \(share(report.regionCorrect))\n"

        out += list("Misses (alert expected, none raised)", report.misses)
        out += list("False alarms (alert raised, none expected)", report.falseAlarms)
        return out
    }

    private func row(_ label: String, _ c: ConfusionCounts) -> String {
        "\(label)      \(num(c.precision))   \(num(c.recall))   \(num(c.f1))  \(lpad(c.support, 8))  \(lpad(c.predicted, 9))\n"
    }

    private func list(_ heading: String, _ items: [EvaluationDiscrepancy]) -> String {
        var out = "\n\(heading): \(items.count)\n"
        for d in items {
            let title = d.title.count > 90 ? d.title.prefix(89) + "…" : d.title
            out += "  \(d.id)  \(title)\n"
            out += "    expected \(d.expected.severity.rawValue), region \(d.expected.region ?? "null"), "
            out += "signals \(d.expected.signals.isEmpty ? "none" : d.expected.signals.joined(separator: ", "))\n"
            let a = d.assessment
            out += "    got      \(a.severity.rawValue) (score \(String(format: "%.1f", a.score))), region \(a.region ?? "null"), "
            out += "signals \(a.signals.isEmpty ? "none" : a.signals.map { "\($0.category)/\($0.rule) \"\($0.evidence)\"" }.joined(separator: ", "))\n"
        }
        return out
    }

    private func share(_ count: Int) -> String {
        let total = report.itemCount
        return total == 0 ? "0/0" : "\(count)/\(total) (\(String(format: "%.1f", 100 * Double(count) / Double(total)))%)"
    }

    /// Three decimals, or `-` when undefined (e.g. precision with nothing predicted).
    private func num(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "    -" }
    private func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: max(width, s.count), withPad: " ", startingAt: 0) }
    private func lpad(_ n: Int, _ width: Int) -> String { String(repeating: " ", count: max(0, width - String(n).count)) + String(n) }
}

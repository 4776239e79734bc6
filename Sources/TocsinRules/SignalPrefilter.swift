/// A second, smaller Hyperscan database with only the literals and regexes of signal rules (no
/// gazetteer, no modifiers). Most of a news firehose has no conflict language at all; for such an
/// item a scan of this database, resolved into whole phrase matches as usual, proves that no signal
/// can count, so the full scan and the evaluation are skipped. Ids are those of the full database,
/// so the same `PhraseMatcher` resolves both.
enum SignalPrefilter {
    /// The subset of `expressions` (ids `0..<count`, literals first) used by the first
    /// `signalRuleCount` targets, with their ids.
    static func expressions(
        from expressions: [HyperscanExpression], table: MatchTable, signalRuleCount: Int
    ) -> [(expression: HyperscanExpression, id: UInt32)] {
        func isSignalRule(_ target: MatchTarget) -> Bool { target.raw >= 0 && Int(target.raw) < signalRuleCount }
        var selected: [(expression: HyperscanExpression, id: UInt32)] = []
        for (id, entry) in table.literals.enumerated() {
            let refs = table.refs[Int(entry.firstRef) ..< Int(entry.firstRef + entry.refCount)]
            if refs.contains(where: { isSignalRule($0.target) }) { selected.append((expressions[id], UInt32(id))) }
        }
        for (index, target) in table.regexTargets.enumerated() where isSignalRule(target) {
            let id = table.literals.count + index
            selected.append((expressions[id], UInt32(id)))
        }
        return selected
    }
}

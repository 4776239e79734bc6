import Metrics
import Synchronization
import TocsinRules

/// The rule set in force. A reload swaps it whole; each batch takes one snapshot, so the items in
/// flight finish under the set they started with and no batch mixes two sets.
public final class RuleStore: Sendable {
    private let current: Mutex<RuleSet>
    private let rulesLoaded = Gauge(label: "tocsin_rules_loaded")

    public init(_ ruleSet: RuleSet) {
        current = Mutex(ruleSet)
        rulesLoaded.record(ruleSet.signalRuleCount)
    }

    /// The set new batches score with.
    public var ruleSet: RuleSet { current.withLock { $0 } }

    /// Puts `new` in force for every batch that starts from now on; returns the set it replaced.
    @discardableResult
    public func replace(with new: RuleSet) -> RuleSet {
        let old = current.withLock { held in
            defer { held = new }
            return held
        }
        rulesLoaded.record(new.signalRuleCount)
        return old
    }
}

import TocsinRules

extension RegionEngine {
    /// Re-evaluates a region at `now`: its tier (with hysteresis), surge and corroboration gate,
    /// and the alert for a change of level, unless suppressed.
    func evaluate(_ state: inout RegionState, now: Int64, triggerID: String, triggerTime: Int64, eventTime: Int64) -> RegionAlert? {
        let index = state.index(now: now, settings: settings)
        let baseline = state.baseline(now: now, historyStart: state.firstTime, settings: settings)
        // Counting distinct sources walks the whole window, so it is done only when it matters:
        // to gate `critical`, or for an alert.
        var counted: Int?
        func corroboration() -> Int {
            if let counted { return counted }
            let sources = state.sources(now: now, settings: settings)
            counted = sources
            return sources
        }

        state.baseTier = Self.tier(after: state.baseTier, index: index, config: config)
        let surgeLevel = config.surgeRatio * max(baseline, config.baselineFloor)
        if index >= surgeLevel {
            state.surging = true
        } else if index < surgeLevel * (1 - config.hysteresisMargin) {
            state.surging = false
        }
        var level = state.baseTier
        if state.surging && config.surgeRaisesTier && level < .high { level = level.next }
        if level == .critical && corroboration() < config.minSourcesForCritical { level = .high }

        let previous = state.level
        guard level != previous else { return nil }
        state.level = level
        let kind: RegionAlert.Kind = level > previous ? .escalation : level == .none ? .resolved : .deEscalation
        let key = RegionState.AlertKey(type: kind, tier: level)
        if let sent = state.lastSent[key], now - sent < settings.suppression {
            state.suppressedCount += 1
            return nil
        }
        state.lastSent[key] = now
        defer { state.suppressedCount = 0 }
        return RegionAlert(
            alertID: RegionAlert.id(
                region: state.name, type: kind, tier: level, triggerItemID: triggerID, triggerTime: triggerTime,
                rulesVersion: rulesVersion),
            type: kind, region: state.name, severity: level, previousSeverity: previous,
            score: Self.rounded(index), baseline: Self.rounded(baseline), surge: state.surging,
            corroboration: corroboration(), stories: state.windowRange(now: now, settings: settings).count,
            items: state.items(now: now, settings: settings), suppressed: state.suppressedCount,
            drivers: drivers(of: state, now: now, rising: kind == .escalation),
            eventTime: EventTime.rfc3339(eventTime), windowStart: EventTime.rfc3339(now - settings.window),
            windowEnd: EventTime.rfc3339(now), rulesVersion: rulesVersion)
    }

    /// The tier after `current` for `index`: up at once to the tier the index reaches; down only
    /// below a tier's hold level (its threshold less the hysteresis margin), possibly several tiers.
    static func tier(after current: Severity, index: Double, config: RegionConfig) -> Severity {
        let reached = config.thresholds.tier(for: index)
        guard reached < current else { return reached }
        var tier = current
        while tier > reached, index < config.holdLevel(for: tier) { tier = tier.previous }
        return tier
    }

    /// The stories behind an alert, strongest first: for a rise the stories pushing the index up;
    /// for a fall the de-escalation stories (most negative first), then the rest.
    func drivers(of state: RegionState, now: Int64, rising: Bool) -> [RegionAlert.Driver] {
        let ranked = state.windowRange(now: now, settings: settings).map { i in
            (story: state.stories[i], value: state.stories[i].contribution(at: now, halfLife: settings.halfLife))
        }
        let ordered: [(story: Story, value: Double)]
        let stronger: ((story: Story, value: Double), (story: Story, value: Double)) -> Bool = {
            $0.value != $1.value ? $0.value > $1.value : $0.story.sequence < $1.story.sequence
        }
        if rising {
            ordered = ranked.filter { $0.value > 0 }.sorted(by: stronger)
        } else {
            ordered = ranked.filter { $0.value < 0 }.sorted { stronger($1, $0) } + ranked.filter { $0.value >= 0 }.sorted(by: stronger)
        }
        return ordered.prefix(config.maxDrivers).map { entry in
            let lead = entry.story.leadMember
            return RegionAlert.Driver(
                itemID: lead.itemID, title: lead.title, source: lead.source, url: lead.url,
                eventTime: EventTime.rfc3339(entry.story.time), score: Self.rounded(entry.value),
                corroboration: entry.story.sources.count)
        }
    }

    /// Three decimals: enough to read, and stable JSON.
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

extension Severity {
    /// The tier above (`critical` stays).
    var next: Severity {
        let all = Severity.allCases
        return all[min(all.firstIndex(of: self)! + 1, all.count - 1)]
    }

    /// The tier below (`none` stays).
    var previous: Severity {
        let all = Severity.allCases
        return all[max(all.firstIndex(of: self)! - 1, 0)]
    }
}

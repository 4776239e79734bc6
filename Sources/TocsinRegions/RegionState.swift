import TocsinRules

/// `RegionConfig` with durations in whole milliseconds, as the engine uses them.
struct Settings {
    let config: RegionConfig
    let window: Int64
    let halfLife: Int64
    let baselineWindow: Int64
    let dedupWindow: Int64
    let suppression: Int64
    /// Index points per (score point per ms) of steady flow: turns a baseline rate into an index.
    let gain: Double

    init(_ config: RegionConfig) {
        self.config = config
        window = EventTime.millis(seconds: config.window)
        halfLife = EventTime.millis(seconds: config.halfLife)
        baselineWindow = EventTime.millis(seconds: config.baselineWindow)
        dedupWindow = EventTime.millis(seconds: config.dedupWindow)
        suppression = EventTime.millis(seconds: config.suppressionInterval)
        gain = Decay.steadyStateGain(window: window, halfLife: halfLife)
    }
}

/// One region's stories and alerting state.
///
/// Everything here depends only on the region's own signals (and clock ticks), never on other
/// regions', so a region-partitioned topic replays to the same state whatever else the instance holds.
struct RegionState {
    let name: String
    /// The region's clock (ms): the latest event time or tick it has seen.
    var clock: Int64
    /// The earliest event time seen: the baseline only averages over history actually observed.
    var firstTime: Int64
    /// Arrival number for the next story (per region, so it replays the same).
    var nextSequence = 0
    /// The latest report taken in: what an alert raised by a clock tick is attributed to.
    var lastItemID = ""
    var lastItemTime: Int64 = 0
    /// Stories of the last `baselineWindow`, ordered by (time, sequence).
    private(set) var stories: [Story] = []
    /// Every report's item id, so a redelivered item changes nothing.
    private var itemIDs: Set<String> = []
    /// The tier of the index alone, with hysteresis (before surge and corroboration).
    var baseTier: Severity = .none
    var surging = false
    /// The level last reached (alerted or suppressed).
    var level: Severity = .none
    /// When each (type, tier) alert was last sent, kept for `suppression` only.
    var lastSent: [AlertKey: Int64] = [:]
    /// Alerts suppressed since the last one sent.
    var suppressedCount = 0

    struct AlertKey: Hashable {
        var type: RegionAlert.Kind
        var tier: Severity
    }

    init(name: String, time: Int64) {
        self.name = name
        clock = time
        firstTime = time
    }

    /// Whether the region holds nothing worth keeping (a pending suppressed count is let go: it
    /// can only be left once every story and suppression record has lapsed).
    var isIdle: Bool {
        stories.isEmpty && level == .none && baseTier == .none && !surging && lastSent.isEmpty
    }

    func contains(itemID: String) -> Bool { itemIDs.contains(itemID) }

    /// Drops stories older than the baseline window and suppression records that have lapsed.
    mutating func prune(now: Int64, settings: Settings) {
        let cutoff = now - settings.baselineWindow
        let keep = firstIndex { $0.time >= cutoff }
        for story in stories[..<keep] { for member in story.members { itemIDs.remove(member.itemID) } }
        stories.removeFirst(keep)
        // Filtering builds a new dictionary; most calls have nothing to drop.
        if lastSent.values.contains(where: { now - $0 >= settings.suppression }) {
            lastSent = lastSent.filter { now - $0.value < settings.suppression }
        }
    }

    /// Adds a report to the story it copies, or as a new story.
    mutating func add(_ signal: RegionSignal, time: Int64, settings: Settings) {
        let sequence = nextSequence
        nextSequence += 1
        itemIDs.insert(signal.itemID)
        firstTime = min(firstTime, time)
        lastItemID = signal.itemID
        lastItemTime = time
        if let match = bestMatch(for: signal, time: time, settings: settings) {
            let before = stories[match].time
            stories[match].add(signal, time: time)
            // Order is by (time, sequence) and a copy can only make the story earlier: it moves
            // only when its time changed.
            if stories[match].time != before { insert(stories.remove(at: match)) }
        } else {
            insert(Story(sequence: sequence, signal: signal, time: time))
        }
    }

    /// The nearest story (fewest differing bits, then earliest) that the report copies: within
    /// the dedup window of its first report, sharing a category, fingerprints close enough.
    /// Fingerprint 0 means no text to compare, so such a report never merges.
    private func bestMatch(for signal: RegionSignal, time: Int64, settings: Settings) -> Int? {
        guard signal.fingerprint != 0 else { return nil }
        var best: (index: Int, distance: Int)?
        var i = firstIndex { $0.time >= time - settings.dedupWindow }
        while i < stories.count, stories[i].time <= time + settings.dedupWindow {
            let story = stories[i]
            if story.sharesCategory(with: signal.categories) {
                let d = story.distance(to: signal.fingerprint)
                if d <= settings.config.dedupMaxDistance, d < (best?.distance ?? Int.max) { best = (i, d) }
            }
            i += 1
        }
        return best?.index
    }

    private mutating func insert(_ story: Story) {
        let at = firstIndex { ($0.time, $0.sequence) > (story.time, story.sequence) }
        stories.insert(story, at: at)
    }

    /// The first index where `predicate` holds; it must be false then true along `stories`.
    private func firstIndex(where predicate: (Story) -> Bool) -> Int {
        var low = 0, high = stories.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(stories[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Indices of the stories in the window at `now`: younger than `window`, and not after `now`
    /// (which only a snapshot of an earlier moment sees).
    func windowRange(now: Int64, settings: Settings) -> Range<Int> {
        let start = firstIndex { now - $0.time < settings.window }
        return start..<max(start, firstIndex { $0.time > now })
    }

    /// The index at `now`: the window's stories' decayed scores, summed in story order, at least 0.
    func index(now: Int64, settings: Settings) -> Double {
        var sum = 0.0
        for i in windowRange(now: now, settings: settings) { sum += stories[i].contribution(at: now, halfLife: settings.halfLife) }
        return max(0, sum)
    }

    /// Reports (every copy) among the window's stories.
    func items(now: Int64, settings: Settings) -> Int {
        windowRange(now: now, settings: settings).reduce(0) { $0 + stories[$1].members.count }
    }

    /// Distinct sources among the window's stories.
    func sources(now: Int64, settings: Settings) -> Int {
        let range = windowRange(now: now, settings: settings)
        var all = Set<String>(minimumCapacity: min(range.count, 256))   // no regrowing on the way
        for i in range { all.formUnion(stories[i].sources) }
        return all.count
    }

    /// The index the region would hold if the stories of its history before the window had come
    /// at an even rate. History is `[max(now - baselineWindow, historyStart), now - window)`;
    /// under one window of it, there is no baseline (0, so the floor applies).
    func baseline(now: Int64, historyStart: Int64, settings: Settings) -> Double {
        let end = now - settings.window
        let start = max(now - settings.baselineWindow, historyStart)
        guard end - start >= settings.window else { return 0 }
        var sum = 0.0
        for i in firstIndex(where: { $0.time >= start })..<firstIndex(where: { $0.time >= end }) { sum += stories[i].score }
        return max(0, sum) / Double(end - start) * settings.gain
    }
}

import CHyperscan

/// Scores items with one `RuleSet`. It owns Hyperscan scratch space and reusable buffers, so it is
/// not `Sendable`: create one per task or thread (they are cheap next to the shared `RuleSet`).
///
/// The per-item state lives behind pointers held in `let`s, so the hot path does no exclusivity
/// checks or reference counting on it; `deinit` frees it.
public final class Scorer {
    public let ruleSet: RuleSet
    private let database: HyperscanDatabase?
    private let scratch: HyperscanScratch?
    private let sink: UnsafeMutablePointer<MatchBuffer>
    private let text: UnsafeMutablePointer<ScoredText>
    private let matcher: UnsafeMutablePointer<PhraseMatcher>
    private let evaluator: UnsafeMutablePointer<Evaluator>

    /// Allocates the scratch space for `ruleSet`'s database.
    public init(ruleSet: RuleSet) throws {
        self.ruleSet = ruleSet
        database = ruleSet.database
        scratch = try ruleSet.database.map { database throws(ScorerError) in try HyperscanScratch(for: database) }
        sink = .allocate(capacity: 1)
        sink.initialize(to: MatchBuffer(capacity: 256))
        text = .allocate(capacity: 1)
        text.initialize(to: ScoredText())
        matcher = .allocate(capacity: 1)
        matcher.initialize(to: PhraseMatcher(table: ruleSet.matchTable))
        evaluator = .allocate(capacity: 1)
        evaluator.initialize(to: Evaluator(ruleSet: ruleSet))
    }

    deinit {
        sink.pointee.deallocate()
        sink.deinitialize(count: 1)
        sink.deallocate()
        text.pointee.deallocate()
        text.deinitialize(count: 1)
        text.deallocate()
        matcher.pointee.deallocate()
        matcher.deinitialize(count: 1)
        matcher.deallocate()
        evaluator.pointee.deallocate()
        evaluator.deinitialize(count: 1)
        evaluator.deallocate()
    }

    /// Assesses one item: which signal rules match, the score and severity they add up to, and the
    /// conflict region the item is about.
    public func assess(_ item: NewsItem) -> Assessment {
        text.pointee.reset(title: item.title, body: item.body)
        scan()
        matcher.pointee.resolve(sink.pointee.matches, in: text.pointee.normalizedBytes)
        return evaluator.pointee.assess(UnsafeBufferPointer(matcher.pointee.found.elements), in: text.pointee)
    }

    /// Assesses one item and says why: the modifiers that fired and the matches that did not
    /// count, with reasons. Slower than `assess` (it builds strings); for tools, not the daemon.
    public func explain(_ item: NewsItem) -> Explanation {
        text.pointee.reset(title: item.title, body: item.body)
        scan()
        matcher.pointee.resolve(sink.pointee.matches, in: text.pointee.normalizedBytes)
        return evaluator.pointee.explain(UnsafeBufferPointer(matcher.pointee.found.elements), in: text.pointee)
    }

    private func scan() {
        sink.pointee.count = 0
        let count = text.pointee.count
        guard let database, let scratch, count > 0 else { return }
        let status = hs_scan(database.handle, UnsafeRawPointer(text.pointee.normalized).assumingMemoryBound(to: CChar.self),
                             UInt32(count), 0, scratch.handle, onMatch, UnsafeMutableRawPointer(sink))
        // The callback never stops the scan and this Scorer's scratch is used by one scan at a
        // time, so another status is a programming error; score what was found rather than crash.
        assert(status == HS_SUCCESS, "hs_scan failed with \(status)")
    }
}

/// One raw Hyperscan match: id and byte range in the normalised text (`from` is only known for
/// regexes; for literals it is computed from the literal's length).
struct RawMatch {
    var id: UInt32
    var from: Int
    var to: Int
}

/// Collects matches during a scan. The callback receives a pointer to it (plain memory, so no
/// reference counting or exclusivity checks per match); it grows by doubling.
struct MatchBuffer {
    var base: UnsafeMutablePointer<RawMatch>
    var capacity: Int
    var count = 0

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    func deallocate() { base.deallocate() }

    @inline(__always)
    mutating func append(_ match: RawMatch) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<RawMatch>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: match)
        count += 1
    }

    var matches: UnsafeBufferPointer<RawMatch> { UnsafeBufferPointer(start: base, count: count) }
}

/// The Hyperscan match callback (a C function pointer, so it cannot capture; state goes via `context`).
private func onMatch(id: UInt32, from: UInt64, to: UInt64, flags: UInt32, context: UnsafeMutableRawPointer?) -> Int32 {
    context!.assumingMemoryBound(to: MatchBuffer.self).pointee.append(RawMatch(id: id, from: Int(from), to: Int(to)))
    return 0
}

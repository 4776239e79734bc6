import Foundation

/// One story in one region: the first report and every near-duplicate of it (syndicated or
/// reworded copies), counted once toward the index.
struct Story {
    /// One report of the story.
    struct Member {
        var itemID: String
        var title: String?
        var source: String?
        var url: String?
        var score: Double
        var time: Int64
        var fingerprint: UInt64

        init(_ signal: RegionSignal, time: Int64) {
            itemID = signal.itemID
            title = signal.title
            source = signal.source
            url = signal.url
            score = signal.score
            self.time = time
            fingerprint = signal.fingerprint
        }
    }

    /// Arrival number of the first report, for a stable order among stories of the same time.
    let sequence: Int
    /// Earliest event time among the reports (ms); the story's age is measured from it.
    private(set) var time: Int64
    private(set) var members: [Member]
    /// Categories reported by any member, sorted.
    private(set) var categories: [String]
    /// Distinct normalised sources (trimmed, lowercased) of the reports, sorted.
    private(set) var sources: [String]
    /// The strongest report's score: the highest, or for a story of de-escalation reports only
    /// (all negative), the lowest.
    private(set) var score: Double
    /// Index in `members` of the report that sets `score` (the earliest arrival among equals).
    private(set) var lead: Int

    init(sequence: Int, signal: RegionSignal, time: Int64) {
        self.sequence = sequence
        self.time = time
        members = [Member(signal, time: time)]
        categories = signal.categories
        sources = Self.normalised(signal.source).map { [$0] } ?? []
        score = signal.score
        lead = 0
    }

    /// The fewest bits between `fingerprint` and any report's fingerprint.
    func distance(to fingerprint: UInt64) -> Int {
        members.reduce(64) { min($0, Fingerprint.distance($1.fingerprint, fingerprint)) }
    }

    /// Whether the story and a report share a category (or neither has any).
    func sharesCategory(with other: [String]) -> Bool {
        if categories.isEmpty && other.isEmpty { return true }
        var i = 0, j = 0   // both sorted: a merge walk
        while i < categories.count, j < other.count {
            if categories[i] == other[j] { return true }
            if categories[i] < other[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// Adds a copy of the story.
    mutating func add(_ signal: RegionSignal, time: Int64) {
        members.append(Member(signal, time: time))
        self.time = min(self.time, time)
        categories = Self.union(categories, signal.categories)
        if let source = Self.normalised(signal.source), !sources.contains(source) {
            sources.append(source)
            sources.sort()
        }
        let stronger = score < 0 && signal.score < 0 ? signal.score < score : signal.score > score
        if stronger {
            score = signal.score
            lead = members.count - 1
        }
    }

    /// The report that sets the story's score.
    var leadMember: Member { members[lead] }

    /// The story's contribution to the index at `now`: its score halved every `halfLife`.
    func contribution(at now: Int64, halfLife: Int64) -> Double {
        score * Decay.factor(age: now - time, halfLife: halfLife)
    }

    /// The sorted union of two sorted lists without repeats (what sorting a `Set` union gives),
    /// merged without hashing; returns `a` itself when `b` adds nothing.
    static func union(_ a: [String], _ b: [String]) -> [String] {
        // Signals' categories are always sorted, but the fields are public: anything else takes
        // the original route.
        guard isStrictlySorted(a), isStrictlySorted(b) else { return Array(Set(a).union(b)).sorted() }
        if b.allSatisfy({ a.contains($0) }) { return a }   // a handful of categories: a scan will do
        var merged: [String] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                merged.append(a[i]); i += 1
            } else if i == a.count || b[j] < a[i] {
                merged.append(b[j]); j += 1
            } else {
                merged.append(a[i]); i += 1; j += 1
            }
        }
        return merged
    }

    static func isStrictlySorted(_ list: [String]) -> Bool {
        list.indices.dropFirst().allSatisfy { list[$0 - 1] < list[$0] }
    }

    static func normalised(_ source: String?) -> String? {
        guard let trimmed = source?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed.lowercased()
    }
}

/// Exponential decay by age.
enum Decay {
    /// 0.5^(age / halfLife); ages below zero (a report timed after the watermark cannot happen,
    /// but clamp anyway) count as zero.
    static func factor(age: Int64, halfLife: Int64) -> Double {
        guard halfLife > 0 else { return age <= 0 ? 1 : 0 }
        return exp2(-Double(max(age, 0)) / Double(halfLife))
    }

    /// ∫₀^window 0.5^(a/halfLife) da, in ms: the index a steady flow of one point per ms would
    /// hold; it turns a baseline rate into index points.
    static func steadyStateGain(window: Int64, halfLife: Int64) -> Double {
        guard halfLife > 0 else { return 0 }
        let h = Double(halfLife)
        return h / M_LN2 * (1 - exp2(-Double(window) / h))
    }
}

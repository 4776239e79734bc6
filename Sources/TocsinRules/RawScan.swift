import CHyperscan

/// Hyperscan alone over a rule set's compiled database, with a callback that only counts matches:
/// the ceiling that benchmarks measure `Scorer.assess` against. Not `Sendable` (it owns scratch
/// space); use one per thread.
public struct RawScanner {
    private let database: HyperscanDatabase?
    private let scratch: HyperscanScratch?

    /// Allocates scratch space for `ruleSet`'s database (a rule set with no patterns scans nothing).
    public init(ruleSet: RuleSet) throws {
        database = ruleSet.database
        scratch = try ruleSet.database.map { database throws(ScorerError) in try HyperscanScratch(for: database) }
    }

    /// Scans `bytes` in block mode with the scorer's database and returns the number of matches.
    public mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let database, let scratch, let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        var count = 0
        let status = withUnsafeMutablePointer(to: &count) { counter in
            hs_scan(database.handle, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), UInt32(bytes.count),
                    0, scratch.handle, countMatch, UnsafeMutableRawPointer(counter))
        }
        assert(status == HS_SUCCESS, "hs_scan failed with \(status)")
        return count
    }

    /// The bytes `Scorer.assess` scans for an item with this title and body (`title + "\n\n" +
    /// body`, normalised), so the ceiling can scan exactly the same input.
    public static func normalizedText(title: String?, body: String?) -> [UInt8] {
        var text = ScoredText()
        defer { text.deallocate() }
        text.reset(title: title, body: body)
        return Array(text.normalizedBytes)
    }
}

/// Counts one match; the context is an `Int`.
private func countMatch(id: UInt32, from: UInt64, to: UInt64, flags: UInt32, context: UnsafeMutableRawPointer?) -> Int32 {
    context!.assumingMemoryBound(to: Int.self).pointee += 1
    return 0
}

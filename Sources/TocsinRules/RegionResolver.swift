/// Picks the conflict region from country mention weights.
///
/// The two most-mentioned countries (ties broken by slug) form the default pair, named by their slugs
/// in alphabetical order joined by `-`. A region from the rules wins when at least two of its
/// countries are mentioned and one of them is among the top two: this turns a North Korean launch
/// over Japan into `koreas`, or a US statement on Ukraine into `russia-ukraine`. Among several such
/// regions, prefer the one with more members in the top two, then the one whose second-strongest
/// member is mentioned most (so a passing mention does not pull in a pair). Fewer than two
/// countries: no region.
///
/// Owned by an `Evaluator`: it keeps the slugs' alphabetical ranks and the pair names it has made,
/// so resolving allocates nothing once a pair has been seen.
struct RegionResolver {
    let ruleSet: RuleSet
    /// Each country's rank among the slugs in `String` order.
    private let slugRank: ScratchBuffer<Int>
    /// Pair names made so far, direct-mapped by `lower * countryCount + higher` (slug ranks): a
    /// feed keeps naming the same few pairs, and a hit costs no hashing.
    private var pairKeys = [Int](repeating: -1, count: 256)
    private var pairNames = [String](repeating: "", count: 256)

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        let countries = ruleSet.countries
        let rank = ScratchBuffer<Int>(repeating: 0, count: countries.count)
        for (position, country) in countries.indices.sorted(by: { countries[$0] < countries[$1] }).enumerated() {
            rank[country] = position
        }
        slugRank = rank
    }

    func deallocate() { slugRank.deallocate() }

    mutating func resolve(_ weights: ScratchBuffer<Double>, mentioned: ScratchBuffer<Int>) -> String? {
        guard mentioned.count >= 2 else { return nil }
        let slugRank = slugRank
        func ranksBefore(_ a: Int, _ b: Int) -> Bool {
            weights[a] != weights[b] ? weights[a] > weights[b] : slugRank[a] < slugRank[b]
        }
        var top = (mentioned[0], mentioned[1])
        if ranksBefore(top.1, top.0) { top = (top.1, top.0) }
        for index in 2..<mentioned.count {
            let c = mentioned[index]
            if ranksBefore(c, top.0) { top = (c, top.0) } else if ranksBefore(c, top.1) { top.1 = c }
        }
        var best: (region: Int, key: (Int, Double, Double))?
        for pass in 0..<2 {
            let country = pass == 0 ? top.0 : top.1
            for region in ruleSet.countryRegions[country] {
                var strongest = 0.0, second = 0.0, sum = 0.0, present = 0, inTop = 0
                for m in ruleSet.regions[region].members where weights[m] > 0 {
                    present += 1
                    sum += weights[m]
                    if m == top.0 || m == top.1 { inTop += 1 }
                    if weights[m] > strongest { second = strongest; strongest = weights[m] } else if weights[m] > second { second = weights[m] }
                }
                guard present >= 2 else { continue }
                let key = (inTop, second, sum)
                if let b = best, key < b.key || (key == b.key && ruleSet.regions[region].slug >= ruleSet.regions[b.region].slug) { continue }
                best = (region, key)
            }
        }
        if let best { return ruleSet.regions[best.region].slug }
        let (lower, higher) = slugRank[top.0] < slugRank[top.1] ? (top.0, top.1) : (top.1, top.0)
        let key = slugRank[lower] * ruleSet.countries.count + slugRank[higher]
        let slot = key & 255
        if pairKeys[slot] == key { return pairNames[slot] }
        let name = ruleSet.countries[lower] + "-" + ruleSet.countries[higher]
        pairKeys[slot] = key
        pairNames[slot] = name
        return name
    }
}

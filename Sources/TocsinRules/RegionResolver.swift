/// Picks the conflict region from country mention weights.
///
/// The two most-mentioned countries (ties broken by slug) form the default pair, named by their slugs
/// in alphabetical order joined by `-`. A region from the rules wins when at least two of its
/// countries are mentioned and one of them is among the top two: this turns a North Korean launch
/// over Japan into `koreas`, or a US statement on Ukraine into `russia-ukraine`. Among several such
/// regions, prefer the one with more members in the top two, then the one whose second-strongest
/// member is mentioned most (so a passing mention does not pull in a pair). Fewer than two
/// countries: no region.
struct RegionResolver {
    let ruleSet: RuleSet

    func resolve(_ weights: [Double], mentioned: [Int]) -> String? {
        guard mentioned.count >= 2 else { return nil }
        let countries = ruleSet.countries
        func ranksBefore(_ a: Int, _ b: Int) -> Bool {
            weights[a] != weights[b] ? weights[a] > weights[b] : countries[a] < countries[b]
        }
        var top = (mentioned[0], mentioned[1])
        if ranksBefore(top.1, top.0) { top = (top.1, top.0) }
        for c in mentioned.dropFirst(2) {
            if ranksBefore(c, top.0) { top = (c, top.0) } else if ranksBefore(c, top.1) { top.1 = c }
        }
        var best: (region: Int, key: (Int, Double, Double))?
        for country in [top.0, top.1] {
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
        return [countries[top.0], countries[top.1]].sorted().joined(separator: "-")
    }
}

/// Generates varied news items for benchmarks: every item describes an escalation between two
/// countries, so each one becomes an alert and the daemon produces as much as the ceiling loop.
struct NewsGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    private static let pairs = [
        ("India", "Pakistan", "New Delhi", "Islamabad"), ("Russia", "Ukraine", "Moscow", "Kyiv"),
        ("China", "Taiwan", "Beijing", "Taipei"), ("Israel", "Iran", "Jerusalem", "Tehran"),
        ("Armenia", "Azerbaijan", "Yerevan", "Baku"), ("Serbia", "Kosovo", "Belgrade", "Pristina"),
    ]
    private static let openings = [
        "%A deployed thousands of additional troops to the border with %B on %D, officials said.",
        "Fighter jets from %A's air force flew sorties near the frontier as tensions with %B rose.",
        "Artillery shelling was reported along the line separating %A and %B overnight.",
        "%A's navy moved warships into waters claimed by %B, according to satellite imagery.",
    ]
    private static let middles = [
        "The UN Security Council is to hold an emergency meeting on the crisis, diplomats in %C said.",
        "%B recalled its ambassador from %C and expelled several diplomats in response.",
        "Airstrikes hit targets inside %B territory, the defence ministry in %C said.",
        "Foreign governments urged their citizens to leave %B immediately and suspended flights.",
        "Residents described hearing explosions through the night as drones struck near %E.",
    ]
    private static let filler = [
        "Analysts said the situation remained fluid and that both sides had reasons to avoid a wider war.",
        "Markets in the region fell sharply on the news, and the currency weakened against the dollar.",
        "Officials did not respond to requests for comment on the latest developments.",
        "The dispute has deep historical roots, and previous rounds of talks have broken down.",
        "Humanitarian groups warned of the consequences for civilians living near the frontier.",
    ]

    private mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }

    private mutating func pick(_ list: [String]) -> String { list[next(list.count)] }

    /// One news item as a JSON line (about 1 KB).
    mutating func item(index: Int) -> [UInt8] {
        let (a, b, capitalA, capitalB) = Self.pairs[next(Self.pairs.count)]
        func fill(_ template: String) -> String {
            template.replacingOccurrences(of: "%A", with: a).replacingOccurrences(of: "%B", with: b)
                .replacingOccurrences(of: "%C", with: capitalA).replacingOccurrences(of: "%E", with: capitalB)
                .replacingOccurrences(of: "%D", with: "Tuesday")
        }
        var paragraphs = [fill(pick(Self.openings)), fill(pick(Self.middles)), fill(pick(Self.middles))]
        for _ in 0..<(2 + next(3)) { paragraphs.append(pick(Self.filler)) }
        let body = paragraphs.joined(separator: "\\n\\n")
        let title = "\(a) and \(b) tensions rise: report \(index)"
        let json = #"{"id":"bench-\#(index)","source":"Bench Wire","published_at":"2025-05-08T09:00:00Z","title":"\#(title)","body":"\#(body)"}"#
        return Array(json.utf8)
    }
}

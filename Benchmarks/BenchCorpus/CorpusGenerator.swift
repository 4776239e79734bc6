import Foundation
import TocsinRules

/// Generates a seeded, deterministic corpus of varied news items: mostly everyday news (sports,
/// business, weather, politics, technology, culture, local), with `escalationShare` of conflict-
/// escalation stories. Bodies run from about 300 bytes to 6 KB; names and places carry accents,
/// and about 40% of the items use typographic quotes and dashes, as wire copy does.
public struct CorpusGenerator {
    private var state: UInt64
    public let escalationShare: Double

    public init(seed: UInt64, escalationShare: Double = 0.15) {
        state = seed
        self.escalationShare = escalationShare
    }

    /// SplitMix64: small, fast, and the same sequence on every platform.
    private mutating func nextRaw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func next(_ bound: Int) -> Int { Int(nextRaw() % UInt64(bound)) }
    private mutating func chance(_ p: Double) -> Bool { Double(nextRaw() >> 11) / Double(1 << 53) < p }
    private mutating func pick<T>(_ list: [T]) -> T { list[next(list.count)] }

    /// A body length in bytes, 300 B to 6 KB, most between 1 and 3 KB (a rough log-normal: wire
    /// stories are short, features and live pages long).
    private mutating func bodyLength() -> Int {
        let u = (0..<4).reduce(0.0) { sum, _ in sum + Double(nextRaw() >> 11) / Double(1 << 53) } / 4   // ~bell on 0...1
        let logLength = 5.7 + u * 3.0 + (chance(0.1) ? 0.6 : 0)                                          // e^5.7 ≈ 300
        return min(max(Int(exp(logLength)), 300), 6000)
    }

    /// Per-item style: how quotes, apostrophes and dashes are written, and whitespace quirks.
    private struct Style {
        var typographic: Bool
        var dash: String
        var paragraphBreak: String
    }

    public mutating func item(index: Int) -> NewsItem {
        let style = Style(
            typographic: chance(0.4),
            dash: pick([" -- ", " — ", " – ", "—", " - "]),
            paragraphBreak: pick(["\n\n", "\n\n", "\n\n", "\n", "\r\n\r\n", "\n \n"]))
        let escalation = chance(escalationShare)
        var slots = Slots()
        let titles: [String], sentences: [String]
        if escalation {
            let (c, d, x, y) = pick(Vocabulary.conflictPairs)
            slots = Slots(c: c, d: d, x: x, y: y, remarks: Vocabulary.conflictRemarks)
            titles = Vocabulary.conflictTitles
            // Conflict stories carry background paragraphs from the politics and business desks too.
            sentences = Vocabulary.conflictSentences + Vocabulary.conflictSentences + Vocabulary.desks[3].sentences
                + Vocabulary.desks[1].sentences.prefix(6)
        } else {
            let desk = weightedDesk()
            slots = Slots(c: pick(Vocabulary.countries), d: pick(Vocabulary.countries),
                          x: pick(Vocabulary.cities), y: pick(Vocabulary.cities), remarks: Vocabulary.remarks)
            titles = Vocabulary.desks[desk].titles
            sentences = Vocabulary.desks[desk].sentences
        }
        let title = fill(pick(titles), slots, style)
        // Sentences are dealt from a shuffled deck, so a story does not repeat itself until its
        // desk runs dry; long stories then carry on with sentences from every desk, as features do.
        var deck = shuffled(sentences)
        let target = bodyLength()
        var body = ""
        var sentencesLeft = 1 + next(4)   // in the current paragraph
        while true {
            if deck.isEmpty { deck = shuffled(Vocabulary.desks.flatMap(\.sentences)) }
            let sentence = fill(deck.removeLast(), slots, style)
            let separator = body.isEmpty ? "" : sentencesLeft == 0 ? style.paragraphBreak : " "
            let length = body.utf8.count + separator.utf8.count + sentence.utf8.count
            if length > 6000 || (length > target && body.utf8.count >= 300) { break }
            body += separator + sentence
            if sentencesLeft == 0 { sentencesLeft = 1 + next(4) }
            sentencesLeft -= 1
        }
        return NewsItem(
            id: "bench-\(index)", title: title, body: body, source: pick(["Bench Wire", "Daily Courier", "Agence Exemple"]),
            url: "https://news.example/\(index)", publishedAt: Self.publishedAt(index: index), language: "en")
    }

    /// A firehose's clock: one item a second from 2025-05-08T00:00:00Z, so a region's window
    /// holds a day of news, as it would live.
    private static func publishedAt(index: Int) -> String {
        timestampFormatter.string(from: Date(timeIntervalSince1970: 1_746_662_400 + Double(index)))
    }

    // Generation runs on one thread, so one shared formatter is safe.
    nonisolated(unsafe) private static let timestampFormatter = ISO8601DateFormatter()

    private mutating func shuffled(_ list: [String]) -> [String] {
        var list = list
        for i in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(i, next(i + 1)) }
        return list
    }

    private mutating func weightedDesk() -> Int {
        var r = next(Vocabulary.deskWeights.reduce(0, +))
        for (desk, weight) in Vocabulary.deskWeights.enumerated() {
            if r < weight { return desk }
            r -= weight
        }
        return 0
    }

    /// The fixed slots of one item: the story's two countries and two cities stay the same throughout.
    private struct Slots {
        var c = "", d = "", x = "", y = ""
        var remarks: [String] = []
    }

    /// Fills a template's slots (people, teams, numbers vary per use) and applies the item's style.
    private mutating func fill(_ template: String, _ slots: Slots, _ style: Style) -> String {
        var out = ""
        out.reserveCapacity(template.utf8.count + 32)
        var chars = template.makeIterator()
        var openQuote = true
        while let c = chars.next() {
            switch c {
            case "{":
                let key = chars.next()!
                _ = chars.next()   // "}"
                switch key {
                case "P", "Q": out += pick(Vocabulary.people)
                case "C": out += slots.c
                case "D": out += slots.d
                case "X": out += slots.x
                case "Y": out += slots.y
                case "T", "U": out += pick(Vocabulary.teams)
                case "O": out += pick(Vocabulary.companies)
                case "G": out += pick(Vocabulary.organisations)
                case "N": out += String(1 + next(9))
                case "M": out += String(1 + next(950)) + (chance(0.3) ? ",\(100 + next(900))" : "")
                case "R": out += "\(next(12)).\(next(10))"
                case "W": out += pick(Vocabulary.weekdays)
                case "S": out += pick(slots.remarks)
                default: out.append(key)
                }
            case "'" where style.typographic:
                // A quote opens at a sentence start and closes after it; inside words it is an apostrophe.
                if out.isEmpty || out.last == " " { out += "‘"; openQuote = false } else { out += "’"; openQuote = true }
            case "\"" where style.typographic:
                out += openQuote ? "“" : "”"
                openQuote.toggle()
            default:
                out.append(c)
            }
        }
        if template.contains(" -- ") { out = out.replacing(" -- ", with: style.dash) }
        // Apostrophes in filled-in names and remarks ("O'Connor", "We're").
        if style.typographic, out.contains("'") { out = out.replacing("'", with: "’") }
        return out
    }
}

import TocsinRules

/// The benchmark's input, built once before timing: the items, their JSON lines (for the decode +
/// assess + encode path) and the bytes the scorer scans for each (for the raw-scan ceiling).
struct Corpus {
    var items: [NewsItem] = []
    var jsonLines: [[UInt8]] = []
    /// All items' normalised texts back to back; item `i` is `normalized[offsets[i] ..< offsets[i + 1]]`.
    var normalized: [UInt8] = []
    var offsets: [Int] = [0]
    /// Bytes of `title + "\n\n" + body` over all items: the "MB" of every MB/s figure.
    var textBytes = 0

    init(megabytes: Double, seed: UInt64, escalationShare: Double) {
        var generator = CorpusGenerator(seed: seed, escalationShare: escalationShare)
        let target = Int(megabytes * 1_000_000)
        while textBytes < target {
            let item = generator.item(index: items.count)
            let titleCount = item.title?.utf8.count ?? 0, bodyCount = item.body?.utf8.count ?? 0
            textBytes += titleCount + bodyCount + (titleCount > 0 && bodyCount > 0 ? 2 : 0)
            normalized += RawScanner.normalizedText(title: item.title, body: item.body)
            offsets.append(normalized.count)
            jsonLines.append(Self.json(item))
            items.append(item)
        }
    }

    /// The item as the feed would send it: one JSON object.
    private static func json(_ item: NewsItem) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((item.body?.utf8.count ?? 0) + 300)
        func field(_ key: String, _ value: String?) {
            guard let value else { return }
            out += Array((out.isEmpty ? "{\"" : ",\"").utf8) + Array(key.utf8) + Array("\":\"".utf8)
            for b in value.utf8 {
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                default: out.append(b)
                }
            }
            out.append(0x22)
        }
        field("id", item.id)
        field("source", item.source)
        field("url", item.url)
        field("published_at", item.publishedAt)
        field("language", item.language)
        field("title", item.title)
        field("body", item.body)
        out.append(0x7D)
        return out
    }
}

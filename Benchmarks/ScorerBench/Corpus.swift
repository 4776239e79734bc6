import BenchCorpus
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
            jsonLines.append(item.feedJSON)
            items.append(item)
        }
    }
}

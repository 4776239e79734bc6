import Foundation
import Testing
import CHyperscan
@testable import TocsinRules

nonisolated(unsafe) var zzCounts = [Int](repeating: 0, count: 100_000)
nonisolated(unsafe) var zzLast = [Int](repeating: 0, count: 100_000)
private func zzOnMatch(id: UInt32, from: UInt64, to: UInt64, flags: UInt32, context: UnsafeMutableRawPointer?) -> Int32 {
    zzCounts[Int(id)] += 1
    zzLast[Int(id)] = Int(to)
    return 0
}

@Suite struct ZZDebug {
    @Test func topMatches() throws {
        let rs = try RuleSet.load(paths: [Paths.defaultRules])
        let scratch = try HyperscanScratch(for: rs.database!)
        let text = try String(contentsOfFile: "/tmp/corpus.txt", encoding: .utf8)
        let bytes = RawScanner.normalizedText(title: nil, body: text)
        bytes.withUnsafeBufferPointer { b in
            _ = b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) {
                hs_scan(rs.database!.handle, $0, UInt32(b.count), 0, scratch.handle, zzOnMatch, nil)
            }
        }
        var byTarget: [String: Int] = [:]
        for (id, entry) in rs.matchTable.literals.enumerated() where zzCounts[id] > 0 {
            let ref = rs.matchTable.refs[Int(entry.firstRef)]
            let t = ref.target.target
            var name = ""
            switch t {
            case .signal(let i): name = i < rs.signalRules.count ? "rule " + rs.signalRules[i].id : "mod " + rs.modifierPatterns[i - rs.signalRules.count].text
            case .country(let c): name = "country " + rs.countries[c]
            }
            let lit = String(decoding: bytes[(zzLast[id] - Int(entry.length))..<zzLast[id]], as: UTF8.self)
            byTarget["\(name) [\(lit)] seg \(ref.segment)", default: 0] += zzCounts[id]
        }
        for (k, v) in byTarget.sorted(by: { $0.value > $1.value }).prefix(40) { print("TOP", v, k) }
    }
}

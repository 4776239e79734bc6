import Foundation
import TocsinRules
@testable import TocsinRegions

/// 2025-05-07T06:40:00Z: every test time is an offset from it, so nothing reads the wall clock.
let t0 = Date(timeIntervalSince1970: 1_746_600_000)

func at(hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }

/// A distinct fingerprint per key (random-looking 64-bit values differ in about 32 bits).
func uniqueFingerprint(_ key: String) -> UInt64 {
    var hash = StableHash()
    hash.updateField(key)
    return hash.finish()
}

/// A signal for region `india-pakistan` unless told otherwise; a distinct story unless a
/// fingerprint is given.
func signal(
    _ id: String, hours: Double, score: Double, region: String = "india-pakistan", source: String? = nil,
    categories: [String] = ["strike_or_shelling"], title: String? = nil, fingerprint: UInt64? = nil
) -> RegionSignal {
    RegionSignal(
        itemID: id, title: title ?? "title \(id)", source: source ?? "source-\(id)", url: nil, eventTime: at(hours: hours),
        region: region, score: score, severity: .medium, categories: categories,
        fingerprint: fingerprint ?? uniqueFingerprint(id))
}

/// A config with surges not raising the tier, so tests of tiers see the index alone.
func plainConfig(_ edit: (inout RegionConfig) -> Void = { _ in }) -> RegionConfig {
    var config = RegionConfig()
    config.surgeRaisesTier = false
    edit(&config)
    return config
}

/// Decay negligible over the tests' hours: the index is the plain sum of the window's stories.
func flatConfig(_ edit: (inout RegionConfig) -> Void = { _ in }) -> RegionConfig {
    plainConfig { config in
        config.halfLife = 1e9
        edit(&config)
    }
}

extension RegionEngine {
    /// Ingests in order and returns every alert.
    mutating func ingestAll(_ signals: [RegionSignal], emit: Bool = true) -> [RegionAlert] {
        signals.flatMap { ingest($0, emit: emit) }
    }
}

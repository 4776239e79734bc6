import Foundation
import Testing
@testable import TocsinRegions

/// The `regions:` config section: values, defaults and errors.
@Suite struct ConfigTests {
    @Test func defaultsAreValid() {
        let config = RegionConfig()
        #expect(config.validate().isEmpty)
        #expect(config.window == 86_400 && config.halfLife == 21_600 && config.baselineWindow == 14 * 86_400)
        #expect(config.surgeRatio == 2 && config.hysteresisMargin == 0.2 && config.minSourcesForCritical == 2)
    }

    @Test func readsAFlatMappingWithUnits() throws {
        let config = try RegionConfig(settings: [
            "window": "12h", "half_life": "90m", "baseline_window": "7d", "dedup_window": "86400",
            "suppression_interval": "30s", "surge_ratio": "3", "baseline_floor": "2.5", "surge_raises_tier": "false",
            "hysteresis_margin": "0.1", "similarity_threshold": "0.9", "min_sources_for_critical": "3", "max_drivers": "2",
            "thresholds.low": "1", "thresholds.medium": "2", "thresholds.high": "4", "thresholds.critical": "6",
        ])
        #expect(config.window == 43_200 && config.halfLife == 5_400 && config.baselineWindow == 604_800)
        #expect(config.dedupWindow == 86_400 && config.suppressionInterval == 30)
        #expect(config.surgeRatio == 3 && config.baselineFloor == 2.5 && !config.surgeRaisesTier)
        #expect(config.hysteresisMargin == 0.1 && config.dedupMaxDistance == 6)
        #expect(config.minSourcesForCritical == 3 && config.maxDrivers == 2)
        #expect(config.thresholds == RegionConfig.Thresholds(low: 1, medium: 2, high: 4, critical: 6))
    }

    @Test func decodesThroughDecodable() throws {
        let json = #"{"window":"6h","thresholds":{"low":2,"medium":5,"high":9,"critical":14},"surge_raises_tier":false,"min_sources_for_critical":1,"surge_ratio":1.5}"#
        let config = try JSONDecoder().decode(RegionConfig.self, from: Data(json.utf8))
        #expect(config.window == 21_600 && !config.surgeRaisesTier && config.minSourcesForCritical == 1)
        #expect(config.thresholds.critical == 14 && config.surgeRatio == 1.5)
        #expect(config.halfLife == RegionConfig().halfLife)   // unset keys keep their defaults
    }

    @Test func badValuesAndUnknownKeysAreAllReported() {
        #expect {
            try RegionConfig(settings: ["window": "soon", "windw": "1h", "thresholds.extreme": "40", "max_drivers": "2.5"])
        } throws: { error in
            guard let error = error as? RegionConfigError else { return false }
            let byKey = Dictionary(uniqueKeysWithValues: error.problems.map { ($0.key ?? "", $0.message) })
            return byKey.count == 4
                && byKey["window"]?.contains("duration") == true && byKey["window"]?.contains("6h") == true
                && byKey["windw"]?.contains("unknown key") == true && byKey["windw"]?.contains("window") == true
                && byKey["thresholds.extreme"]?.contains("thresholds.critical") == true
                && byKey["max_drivers"]?.contains("whole number") == true
        }
    }

    @Test func inconsistentValuesAreReportedWithWhatToChange() {
        #expect {
            try RegionConfig(settings: ["thresholds.medium": "20", "baseline_window": "12h", "hysteresis_margin": "1"])
        } throws: { error in
            let text = (error as? RegionConfigError)?.description ?? ""
            return text.contains("thresholds must ascend") && text.contains("baseline_window")
                && text.contains("hysteresis_margin")
        }
        #expect(throws: RegionConfigError.self) {
            try JSONDecoder().decode(RegionConfig.self, from: Data(#"{"window":[1,2]}"#.utf8))
        }
        var config = RegionConfig()
        config.surgeRatio = 1
        #expect(throws: RegionConfigError.self) { try RegionEngine(config: config) }
    }

    @Test func durations() {
        #expect(RegionConfig.parseDuration("45") == 45)
        #expect(RegionConfig.parseDuration("1.5h") == 5_400)
        #expect(RegionConfig.parseDuration("14d") == 1_209_600)
        #expect(RegionConfig.parseDuration("h") == nil)
        #expect(RegionConfig.parseDuration("3w") == nil)
    }
}

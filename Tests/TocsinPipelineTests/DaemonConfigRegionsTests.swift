import Testing
import TocsinRegions

@testable import TocsinPipeline

@Suite("Daemon config: regions and roles")
struct DaemonConfigRegionsTests {
    @Test func readsTheRegionsSectionAndTheRole() throws {
        let yaml = """
            kafka:
              signals_topic: sig
              regions_group: rg
            pipeline:
              role: regions
            regions:
              window: 12h
              half_life: 90m
              baseline_window: 7d
              surge_ratio: 3
              surge_raises_tier: false
              thresholds: {low: 2, medium: 5, high: 9, critical: 14}
              min_sources_for_critical: 3
              max_drivers: 2
            """
        let config = try DaemonConfig.parse(yaml, path: "r.yaml")
        #expect(config.role == .regions && !config.role.scores && config.role.tracksRegions)
        #expect(config.signalsTopic == "sig" && config.effectiveRegionsGroup == "rg")
        #expect(config.regions.window == 12 * 3600)
        #expect(config.regions.halfLife == 90 * 60)
        #expect(config.regions.baselineWindow == 7 * 86_400)
        #expect(config.regions.surgeRatio == 3)
        #expect(!config.regions.surgeRaisesTier)
        #expect(config.regions.thresholds == RegionConfig.Thresholds(low: 2, medium: 5, high: 9, critical: 14))
        #expect(config.regions.minSourcesForCritical == 3)
        #expect(config.regions.maxDrivers == 2)
        #expect(config.regions.dedupWindow == RegionConfig().dedupWindow, "unset keys keep their defaults")
    }

    @Test func defaultsWithoutTheSection() throws {
        let config = try DaemonConfig.parse("kafka: {group: g}", path: "d.yaml")
        #expect(config.regions == RegionConfig())
        #expect(config.role == .all)
        #expect(config.signalsTopic == "tocsin.signals" && config.effectiveRegionsGroup == "g-regions")
    }

    @Test func regionProblemsCarryTheirPositions() {
        let yaml = """
            regions:
              window: soon
              thresholds: {low: 3, medium: x, extreme: 40}
              surge_ratio: [2]
              dedup: 4h
            """
        do {
            _ = try DaemonConfig.parse(yaml, path: "p.yaml")
            Issue.record("bad config accepted")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains { $0.hasPrefix("p.yaml:2:11: regions.window: must be a duration") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("p.yaml:3:35: unknown key 'extreme' in regions.thresholds") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("p.yaml:3:32: regions.thresholds.medium: must be a number") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("p.yaml:4:16: regions.surge_ratio must be a single value") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("p.yaml:5:3: unknown key 'dedup' in regions") }, "\(lines)")
            #expect(error.problems.count == 5, "\(lines)")
        }
    }

    @Test func problemsBetweenKeysPointAtTheSection() {
        let yaml = """
            output: {stdout: json}
            regions:
              window: 20d
              baseline_window: 14d
            """
        do {
            _ = try DaemonConfig.parse(yaml, path: "x.yaml")
            Issue.record("bad config accepted")
        } catch {
            #expect(error.description.hasPrefix("x.yaml:2:1: regions: baseline_window"), "\(error.description)")
        }
    }
}

import TocsinRegions
import Yams

extension DaemonConfig {
    /// Reads the `regions:` section key by key through `RegionConfig.set`, so each bad value is
    /// reported at its own line and column; problems between keys (`validate()`) at the section key.
    mutating func readRegions(_ entry: (key: Node, value: Node)?, _ reader: inout YAMLReader) {
        guard let entry else { return }
        var settings = RegionConfig()
        let before = reader.problems.count
        let keys = reader.mapping(entry.value, context: "regions", known: Set(RegionConfig.keys))
        func set(_ key: String, _ node: Node) {
            guard let text = node.scalar?.string else {
                reader.report(node, "regions.\(key) must be a single value, not a list or mapping")
                return
            }
            do throws(RegionConfigError) {
                try settings.set(key, to: text)
            } catch {
                for problem in error.problems { reader.report(node, problem.description) }
            }
        }
        for (name, item) in keys.sorted(by: { $0.key < $1.key }) {
            guard name == "thresholds" else {
                set(name, item.value)
                continue
            }
            let thresholds = reader.mapping(item.value, context: "regions.thresholds", known: Set(RegionConfig.thresholdKeys))
            for (tier, value) in thresholds.sorted(by: { $0.key < $1.key }) { set("thresholds.\(tier)", value.value) }
        }
        // Cross-key checks only make sense once every key read cleanly.
        guard reader.problems.count == before else { return }
        for message in settings.validate() { reader.report(entry.key, "regions: \(message)") }
        regions = settings
    }
}

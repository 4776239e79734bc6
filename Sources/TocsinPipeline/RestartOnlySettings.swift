import Yams

/// The config sections a reload cannot apply to a running daemon: everything but `rules:`.
/// Kafka clients, topics, the pipeline's sizes and the region engine's settings are fixed at
/// start-up, so a change to them is logged with a request to restart instead of being ignored.
enum RestartOnlySettings {
    /// Top-level sections whose content differs between two versions of the config file.
    static func changedSections(from oldText: String, to newText: String) -> [String] {
        let old = sections(oldText), new = sections(newText)
        return Set(old.keys).union(new.keys).filter { $0 != "rules" && old[$0] != new[$0] }.sorted()
    }

    private static func sections(_ text: String) -> [String: Node] {
        guard let root = try? Yams.compose(yaml: text), let mapping = root.mapping else { return [:] }
        var result: [String: Node] = [:]
        for (key, value) in mapping { if let name = key.string { result[name] = value } }
        return result
    }
}

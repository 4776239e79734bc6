import Yams

// Placeholder: `observability:` and `logging:` land here.
extension DaemonConfig {
    mutating func readObservability(_ node: Node?, _ reader: inout YAMLReader) {}
    mutating func readLogging(_ node: Node?, _ reader: inout YAMLReader) {}
}

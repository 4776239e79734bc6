import Yams

// Placeholder: `kafka.security` (SASL and TLS) lands here.
extension DaemonConfig {
    mutating func readSecurity(_ node: Node?, _ reader: inout YAMLReader) {}
}

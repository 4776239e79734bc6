import CRdKafka

/// librdkafka properties by name, passed through unchanged so SASL, TLS and tuning need no code.
public struct KafkaConfiguration: Sendable, Equatable {
    public var properties: [String: String]

    public init(_ properties: [String: String] = [:]) {
        self.properties = properties
    }

    public subscript(name: String) -> String? {
        get { properties[name] }
        set { properties[name] = newValue }
    }

    /// Returns a copy with `other`'s properties taking precedence.
    public func merging(_ other: [String: String]) -> KafkaConfiguration {
        KafkaConfiguration(properties.merging(other) { _, new in new })
    }

    /// Property names whose values must never reach a log line or an error message.
    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["password", "secret", "key.pem", "token", "keystore"].contains { lowered.contains($0) }
    }

    /// Builds an `rd_kafka_conf_t`; the caller owns it until `rd_kafka_new` takes it.
    func makeNativeConfig() throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else { throw .configuration("rd_kafka_conf_new failed (out of memory)") }
        var text = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, name, value, &text, text.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let shown = Self.isSecret(name) ? "<redacted>" : "'\(value)'"
                throw .configuration(
                    "invalid librdkafka property \(name)=\(shown): \(errorText(text)); "
                        + "see librdkafka's CONFIGURATION.md for valid names and values")
            }
        }
        return conf
    }
}

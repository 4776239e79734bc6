import CRdKafka
import Foundation

/// librdkafka properties by name, passed through unchanged so SASL, TLS and tuning need no code.
/// It prints with secret values redacted (see `redactedDescription`).
public struct KafkaConfiguration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
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
    public static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["password", "secret", "key.pem", "token", "keystore", "ssl_key", "oauthbearer.config"].contains { lowered.contains($0) }
    }

    /// `name=value` pairs, sorted, with the value of every secret property shown as `<redacted>`.
    public var redactedDescription: String {
        properties.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Self.isSecret($0.key) ? "<redacted>" : $0.value)" }
            .joined(separator: ", ")
    }

    public var description: String { redactedDescription }
    public var debugDescription: String { "KafkaConfiguration(\(redactedDescription))" }
    // `dump` and `Mirror` would otherwise walk `properties` and show the secrets.
    public var customMirror: Mirror { Mirror(self, children: ["properties": redactedDescription]) }

    /// Builds an `rd_kafka_conf_t`; the caller owns it until `rd_kafka_new` takes it.
    func makeNativeConfig() throws(KafkaError) -> OpaquePointer {
        try KafkaFeatures.require(for: properties)
        guard let conf = rd_kafka_conf_new() else { throw .configuration("rd_kafka_conf_new failed (out of memory)") }
        var text = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, name, value, &text, text.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let secret = Self.isSecret(name)
                // librdkafka's own text quotes the rejected value.
                var reason = errorText(text)
                if secret && !value.isEmpty { reason = reason.replacingOccurrences(of: value, with: "<redacted>") }
                throw .configuration(
                    "invalid librdkafka property \(name)=\(secret ? "<redacted>" : "'\(value)'"): \(reason); "
                        + "see librdkafka's CONFIGURATION.md for valid names and values")
            }
        }
        return conf
    }
}

import CRdKafka

/// What the linked librdkafka was built with (`builtin.features`), checked before a client is made
/// so a library without TLS or SASL support fails at start-up with a reason, not at first connect.
public enum KafkaFeatures {
    /// The linked library's `builtin.features`, e.g. `gzip,ssl,sasl,sasl_plain,...,oidc`.
    public static let builtin: Set<String> = {
        guard let conf = rd_kafka_conf_new() else { return [] }
        defer { rd_kafka_conf_destroy(conf) }
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        guard rd_kafka_conf_get(conf, "builtin.features", &buffer, &size) == RD_KAFKA_CONF_OK else { return [] }
        return Set(errorText(buffer).split(separator: ",").map(String.init))
    }()

    public static var version: String { String(cString: rd_kafka_version_str()) }

    /// The features that `properties` need, derived from the properties themselves so settings
    /// given under `kafka.properties` are checked too.
    public static func required(by properties: [String: String]) -> [String] {
        var needed: [String] = []
        let securityProtocol = properties["security.protocol"]?.lowercased() ?? "plaintext"
        if securityProtocol.hasSuffix("ssl") { needed.append("ssl") }
        if securityProtocol.hasPrefix("sasl") {
            let mechanism = (properties["sasl.mechanisms"] ?? properties["sasl.mechanism"] ?? "GSSAPI").uppercased()
            switch mechanism {
            case "PLAIN": needed.append("sasl_plain")
            case let name where name.hasPrefix("SCRAM-"): needed.append("sasl_scram")
            case "OAUTHBEARER": needed.append("sasl_oauthbearer")
            default: needed.append("sasl_gssapi")
            }
            if properties["sasl.oauthbearer.method"]?.lowercased() == "oidc" { needed.append("oidc") }
        }
        return needed
    }

    /// Throws, naming what is missing, when the linked librdkafka cannot do what `properties` ask.
    static func require(for properties: [String: String]) throws(KafkaError) {
        let missing = required(by: properties).filter { !builtin.contains($0) }
        guard !missing.isEmpty else { return }
        throw .configuration(
            "librdkafka \(version) was built without \(missing.joined(separator: ", ")), which kafka.security needs "
                + "(its builtin.features: \(builtin.sorted().joined(separator: ","))); install a librdkafka built "
                + "with OpenSSL, Cyrus SASL and libcurl (scripts/setup.sh rebuilds Debian's)")
    }
}

import Foundation
import TocsinKafka
import Yams

// `kafka.security`: TLS and SASL. Secrets are only ever {env: NAME} or {file: PATH}, resolved here at
// load, so a config file (or a ConfigMap made from it) never holds one, and every problem, a missing
// variable or unreadable file included, is reported at its position before anything connects.
extension DaemonConfig {
    mutating func readSecurity(_ node: Node?, _ reader: inout YAMLReader) {
        guard let node else { return }
        let keys = reader.mapping(node, context: "kafka.security", known: ["protocol", "tls", "sasl"])
        let base = URL(fileURLWithPath: reader.path).deletingLastPathComponent()
        var result = KafkaSecurity()
        if let value = keys["protocol"]?.value {
            if let name = value.string, let parsed = KafkaSecurity.SecurityProtocol(rawValue: name.lowercased()) {
                result.securityProtocol = parsed
            } else {
                reader.report(value, "kafka.security.protocol must be one of plaintext, ssl, sasl_plaintext, sasl_ssl")
            }
        }
        if let (key, value) = keys["tls"] {
            if !result.securityProtocol.usesTLS {
                reader.report(key, "kafka.security.tls needs protocol ssl or sasl_ssl (protocol is \(result.securityProtocol.rawValue)); set kafka.security.protocol or remove tls")
            }
            result.tls = Self.readTLS(value, base: base, &reader)
        }
        if let (key, value) = keys["sasl"] {
            if !result.securityProtocol.usesSASL {
                reader.report(key, "kafka.security.sasl needs protocol sasl_ssl or sasl_plaintext (protocol is \(result.securityProtocol.rawValue)); set kafka.security.protocol or remove sasl")
            }
            result.sasl = Self.readSASL(value, base: base, &reader)
        } else if result.securityProtocol.usesSASL {
            reader.report(keys["protocol"]?.value ?? node, "kafka.security.protocol \(result.securityProtocol.rawValue) needs a kafka.security.sasl section (mechanism and credentials)")
        }
        security = result
    }

    private static func readTLS(_ node: Node, base: URL, _ reader: inout YAMLReader) -> KafkaSecurity.TLS {
        let keys = reader.mapping(node, context: "kafka.security.tls", known: ["ca_file", "cert_file", "key_file", "key_password", "verify_hostname"])
        var tls = KafkaSecurity.TLS()
        tls.caFile = readableFile(keys["ca_file"]?.value, "kafka.security.tls.ca_file", base: base, &reader)
        tls.certFile = readableFile(keys["cert_file"]?.value, "kafka.security.tls.cert_file", base: base, &reader)
        tls.keyFile = readableFile(keys["key_file"]?.value, "kafka.security.tls.key_file", base: base, &reader)
        if let value = keys["key_password"]?.value {
            tls.keyPassword = secret(value, "kafka.security.tls.key_password", base: base, &reader)
        }
        if let value = keys["verify_hostname"]?.value {
            if let flag = value.bool { tls.verifyHostname = flag } else { reader.report(value, "kafka.security.tls.verify_hostname must be true or false") }
        }
        // A certificate without its key (or the reverse) is a half-configured mutual TLS.
        if let (key, _) = keys["cert_file"], keys["key_file"] == nil {
            reader.report(key, "kafka.security.tls.cert_file needs key_file (the client certificate's private key)")
        }
        if let (key, _) = keys["key_file"], keys["cert_file"] == nil {
            reader.report(key, "kafka.security.tls.key_file needs cert_file (the client certificate)")
        }
        if let (key, _) = keys["key_password"], keys["key_file"] == nil {
            reader.report(key, "kafka.security.tls.key_password is only used with key_file (an encrypted private key)")
        }
        return tls
    }

    private static func readSASL(_ node: Node, base: URL, _ reader: inout YAMLReader) -> KafkaSecurity.SASL? {
        let keys = reader.mapping(node, context: "kafka.security.sasl", known: ["mechanism", "username", "password", "oauthbearer"])
        guard let mechanismNode = keys["mechanism"]?.value else {
            reader.report(node, "kafka.security.sasl.mechanism is required: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER")
            return nil
        }
        guard let name = mechanismNode.string, let mechanism = KafkaSecurity.Mechanism(rawValue: name.uppercased()) else {
            reader.report(mechanismNode, "kafka.security.sasl.mechanism must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER")
            return nil
        }
        var sasl = KafkaSecurity.SASL(mechanism: mechanism)
        if mechanism == .oauthBearer {
            for unused in ["username", "password"] {
                if let (key, _) = keys[unused] {
                    reader.report(key, "kafka.security.sasl.\(unused) is not used with OAUTHBEARER: the client id and secret go under kafka.security.sasl.oauthbearer")
                }
            }
            guard let (_, value) = keys["oauthbearer"] else {
                reader.report(mechanismNode, "mechanism OAUTHBEARER needs a kafka.security.sasl.oauthbearer section (token_endpoint, client_id, client_secret)")
                return sasl
            }
            sasl.oauthBearer = readOAuthBearer(value, base: base, &reader)
        } else {
            if let (key, _) = keys["oauthbearer"] {
                reader.report(key, "kafka.security.sasl.oauthbearer is only used with mechanism OAUTHBEARER (mechanism is \(mechanism.rawValue))")
            }
            sasl.username = reader.string(keys["username"]?.value, "kafka.security.sasl.username")
            if keys["username"] == nil {
                reader.report(mechanismNode, "mechanism \(mechanism.rawValue) needs kafka.security.sasl.username")
            }
            if let (_, value) = keys["password"] {
                sasl.password = secret(value, "kafka.security.sasl.password", base: base, &reader)
            } else {
                reader.report(mechanismNode, "mechanism \(mechanism.rawValue) needs kafka.security.sasl.password: {env: NAME} or {file: PATH}")
            }
        }
        return sasl
    }

    private static func readOAuthBearer(_ node: Node, base: URL, _ reader: inout YAMLReader) -> KafkaSecurity.OAuthBearer? {
        let context = "kafka.security.sasl.oauthbearer"
        let keys = reader.mapping(node, context: context, known: ["token_endpoint", "client_id", "client_secret", "scope", "extensions"])
        for required in ["token_endpoint", "client_id", "client_secret"] where keys[required] == nil {
            reader.report(node, "\(context).\(required) is required")
        }
        let endpoint = reader.string(keys["token_endpoint"]?.value, "\(context).token_endpoint")
        if let endpoint, let value = keys["token_endpoint"]?.value, !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
            reader.report(value, "\(context).token_endpoint must be an https:// URL (the identity provider's token endpoint)")
        }
        let clientID = reader.string(keys["client_id"]?.value, "\(context).client_id")
        let clientSecret = keys["client_secret"].flatMap { secret($0.value, "\(context).client_secret", base: base, &reader) }
        guard let endpoint, let clientID, let clientSecret else { return nil }
        var oauth = KafkaSecurity.OAuthBearer(tokenEndpoint: endpoint, clientID: clientID, clientSecret: clientSecret)
        oauth.scope = reader.string(keys["scope"]?.value, "\(context).scope")
        for (name, entry) in reader.mapping(keys["extensions"]?.value, context: "\(context).extensions", known: []) {
            // RFC 7628: keys are letters only and `auth` is reserved; librdkafka joins pairs with commas.
            guard name.allSatisfy({ $0.isASCII && $0.isLetter }), name != "auth" else {
                reader.report(entry.key, "\(context).extensions: key '\(name)' must be letters only and not 'auth'")
                continue
            }
            guard let value = entry.value.scalar?.string, !value.contains(",") else {
                reader.report(entry.value, "\(context).extensions.\(name) must be a single value without commas")
                continue
            }
            oauth.extensions[name] = value
        }
        return oauth
    }

    /// A secret: `{env: NAME}` or `{file: PATH}`, read now. A literal is refused without being echoed.
    static func secret(_ node: Node, _ name: String, base: URL, _ reader: inout YAMLReader) -> KafkaSecret? {
        let form = "{env: NAME} or {file: PATH}"
        guard node.mapping != nil else {
            reader.report(node, "\(name) must be \(form), not the secret itself: secrets stay out of config files; see README \"Secure Kafka\"")
            return nil
        }
        let keys = reader.mapping(node, context: name, known: ["env", "file"])
        guard keys.count == 1, let (kind, entry) = keys.first else {
            // Unknown keys were reported by `mapping`; here only none or both remain.
            if keys.count > 1 || node.mapping?.count == 0 { reader.report(node, "\(name) must be exactly one of \(form)") }
            return nil
        }
        guard let reference = reader.string(entry.value, "\(name).\(kind)") else { return nil }
        if kind == "env" {
            guard let value = ProcessInfo.processInfo.environment[reference], !value.isEmpty else {
                reader.report(entry.value, "\(name): environment variable \(reference) is not set or empty; set it, or use {file: PATH}")
                return nil
            }
            return KafkaSecret(source: .environment(reference), value: value)
        }
        let path = resolve(reference, base: base)
        guard let data = FileManager.default.contents(atPath: path) else {
            reader.report(entry.value, "\(name): cannot read the file \(path); check that it exists and that this user may read it")
            return nil
        }
        guard var value = String(data: data, encoding: .utf8) else {
            reader.report(entry.value, "\(name): the file \(path) is not UTF-8 text")
            return nil
        }
        // Files made with `echo` or an editor end in a newline that is not part of the secret.
        if value.hasSuffix("\n") { value.removeLast() }
        if value.hasSuffix("\r") { value.removeLast() }
        guard !value.isEmpty else {
            reader.report(entry.value, "\(name): the file \(path) is empty")
            return nil
        }
        return KafkaSecret(source: .file(path), value: value)
    }

    private static func readableFile(_ node: Node?, _ name: String, base: URL, _ reader: inout YAMLReader) -> String? {
        guard let value = reader.string(node, name) else { return nil }
        let path = resolve(value, base: base)
        guard FileManager.default.isReadableFile(atPath: path) else {
            reader.report(node, "\(name): cannot read \(path); check the path (relative paths are from the config file's folder) and its permissions")
            return nil
        }
        return path
    }

    /// Relative paths are from the config file's folder, like `rules.paths`.
    private static func resolve(_ path: String, base: URL) -> String {
        path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
    }

    /// Refuses secrets given as plain librdkafka properties, and properties that `kafka.security`
    /// sets when it is present (two places for one setting would leave the winner unclear).
    mutating func checkSecretProperties(_ kafka: [String: (key: Node, value: Node)], _ reader: inout YAMLReader) {
        let managed = Set(security.properties.keys).union(kafka["security"] == nil ? [] : Self.securityPropertyNames)
        for section in ["properties", "consumer_properties", "producer_properties"] {
            guard let mapping = kafka[section]?.value.mapping else { continue }
            for (key, _) in mapping {
                guard let name = key.string else { continue }
                if let advice = Self.secretPropertyAdvice(name) {
                    reader.report(key, "kafka.\(section).\(name) would put a secret in the config file: \(advice); see README \"Secure Kafka\"")
                } else if managed.contains(name) {
                    reader.report(key, "kafka.\(section).\(name) is set by kafka.security; remove it here")
                }
            }
        }
    }

    /// The librdkafka properties that `kafka.security` owns when present.
    static let securityPropertyNames: Set<String> = [
        "security.protocol", "sasl.mechanisms", "sasl.mechanism", "sasl.username", "ssl.ca.location",
        "ssl.certificate.location", "ssl.key.location", "ssl.endpoint.identification.algorithm",
        "sasl.oauthbearer.method", "sasl.oauthbearer.client.id", "sasl.oauthbearer.token.endpoint.url",
        "sasl.oauthbearer.scope", "sasl.oauthbearer.extensions",
    ]

    /// What to do instead, for a property that carries a secret; nil for any other property.
    static func secretPropertyAdvice(_ name: String) -> String? {
        let lowered = name.lowercased()
        switch lowered {
        case "sasl.password": return "set kafka.security.sasl.password to {env: NAME} or {file: PATH}"
        case "ssl.key.password": return "set kafka.security.tls.key_password to {env: NAME} or {file: PATH}"
        case "sasl.oauthbearer.client.secret": return "set kafka.security.sasl.oauthbearer.client_secret to {env: NAME} or {file: PATH}"
        case "ssl.key.pem", "ssl_key": return "put the key in a file and set kafka.security.tls.key_file"
        case "sasl.oauthbearer.config": return "use kafka.security.sasl.oauthbearer (OIDC client credentials)"
        default: break
        }
        if lowered.hasPrefix("ssl.keystore.") {
            return "PKCS#12 keystores are not supported: convert one to PEM (openssl pkcs12 -in store.p12 -out client.pem) and use kafka.security.tls cert_file, key_file and key_password"
        }
        if lowered.contains("password") || lowered.contains("secret") {
            return "kafka.security takes secrets only as {env: NAME} or {file: PATH}"
        }
        return nil
    }
}

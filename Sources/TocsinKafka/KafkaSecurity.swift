/// A secret (password, key password, client secret) with where it came from; it prints as that
/// origin, never as its value, so a secret interpolated into a log line or error stays hidden.
public struct KafkaSecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Where a secret is read from at start-up.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case environment(String)
        case file(String)

        public var description: String {
            switch self {
            case .environment(let name): "environment variable \(name)"
            case .file(let path): "file \(path)"
            }
        }
    }

    public let source: Source
    public let value: String

    public init(source: Source, value: String) {
        self.source = source
        self.value = value
    }

    public var description: String { "<secret from \(source)>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["source": source]) }
}

/// How the clients reach the brokers: encryption (TLS) and authentication (SASL), as librdkafka
/// properties. Secrets are already resolved; building the properties is the only place they are read.
public struct KafkaSecurity: Sendable, Equatable {
    /// librdkafka's `security.protocol`.
    public enum SecurityProtocol: String, Sendable, CaseIterable {
        case plaintext, ssl
        case saslPlaintext = "sasl_plaintext"
        case saslSSL = "sasl_ssl"

        public var usesTLS: Bool { self == .ssl || self == .saslSSL }
        public var usesSASL: Bool { self == .saslPlaintext || self == .saslSSL }
    }

    /// librdkafka's `sasl.mechanisms` (GSSAPI/Kerberos is not offered).
    public enum Mechanism: String, Sendable, CaseIterable {
        case plain = "PLAIN"
        case scramSHA256 = "SCRAM-SHA-256"
        case scramSHA512 = "SCRAM-SHA-512"
        case oauthBearer = "OAUTHBEARER"

        /// The librdkafka `builtin.features` entry the mechanism needs.
        var feature: String {
            switch self {
            case .plain: "sasl_plain"
            case .scramSHA256, .scramSHA512: "sasl_scram"
            case .oauthBearer: "sasl_oauthbearer"
            }
        }
    }

    /// Server verification and, optionally, a client certificate (mutual TLS).
    public struct TLS: Sendable, Equatable {
        /// CA bundle that signed the brokers' certificates; nil uses the system store.
        public var caFile: String?
        public var certFile: String?
        public var keyFile: String?
        public var keyPassword: KafkaSecret?
        /// Checks that the broker's certificate names the host connected to.
        public var verifyHostname = true

        public init() {}
    }

    /// OIDC client-credentials grant (KIP-768): librdkafka fetches and refreshes the token itself.
    public struct OAuthBearer: Sendable, Equatable {
        public var tokenEndpoint: String
        public var clientID: String
        public var clientSecret: KafkaSecret
        public var scope: String?
        /// SASL extensions sent with the token (key=value pairs).
        public var extensions: [String: String] = [:]

        public init(tokenEndpoint: String, clientID: String, clientSecret: KafkaSecret) {
            self.tokenEndpoint = tokenEndpoint
            self.clientID = clientID
            self.clientSecret = clientSecret
        }
    }

    public struct SASL: Sendable, Equatable {
        public var mechanism: Mechanism
        public var username: String?
        public var password: KafkaSecret?
        public var oauthBearer: OAuthBearer?

        public init(mechanism: Mechanism) { self.mechanism = mechanism }
    }

    public var securityProtocol: SecurityProtocol = .plaintext
    public var tls: TLS?
    public var sasl: SASL?

    public init() {}

    /// The librdkafka properties for these settings; nothing for the plaintext default, so a
    /// config without `kafka.security` behaves exactly as before.
    public var properties: [String: String] {
        guard securityProtocol != .plaintext || tls != nil || sasl != nil else { return [:] }
        var result = ["security.protocol": securityProtocol.rawValue]
        if securityProtocol.usesTLS {
            let tls = tls ?? TLS()
            result["ssl.endpoint.identification.algorithm"] = tls.verifyHostname ? "https" : "none"
            result["ssl.ca.location"] = tls.caFile
            result["ssl.certificate.location"] = tls.certFile
            result["ssl.key.location"] = tls.keyFile
            result["ssl.key.password"] = tls.keyPassword?.value
        }
        if let sasl {
            result["sasl.mechanisms"] = sasl.mechanism.rawValue
            result["sasl.username"] = sasl.username
            result["sasl.password"] = sasl.password?.value
            if let oauth = sasl.oauthBearer {
                result["sasl.oauthbearer.method"] = "oidc"
                result["sasl.oauthbearer.token.endpoint.url"] = oauth.tokenEndpoint
                result["sasl.oauthbearer.client.id"] = oauth.clientID
                result["sasl.oauthbearer.client.secret"] = oauth.clientSecret.value
                result["sasl.oauthbearer.scope"] = oauth.scope
                if !oauth.extensions.isEmpty {
                    result["sasl.oauthbearer.extensions"] = oauth.extensions.sorted { $0.key < $1.key }
                        .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                }
            }
        }
        return result
    }
}

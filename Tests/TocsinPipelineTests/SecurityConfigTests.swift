import Foundation
import Logging
import Testing
import TocsinKafka

@testable import TocsinPipeline

/// `kafka.security`: mapping to librdkafka, secret references, validation and redaction.
@Suite("Kafka security config")
struct SecurityConfigTests {
    /// A fresh folder with a password file, a key password file, and real PEM files made by openssl
    /// (librdkafka loads certificates when a client is created).
    final class Files {
        let dir: URL
        let secret = "pw-\(UUID().uuidString)"
        let keySecret = "kp-\(UUID().uuidString)"
        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-sec-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try (secret + "\n").write(to: dir.appendingPathComponent("password"), atomically: true, encoding: .utf8)
            try keySecret.write(to: dir.appendingPathComponent("key-password"), atomically: true, encoding: .utf8)
            try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "1", "-subj", "/CN=test CA"])
            try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", path("client.key"), "-out", path("client.pem"), "-days", "1", "-subj", "/CN=tocsin"])
            try openssl(["pkey", "-in", path("client.key"), "-aes256", "-passout", "file:\(path("key-password"))",
                         "-out", path("client-encrypted.key")])
        }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        var config: String { path("tocsin.yaml") }
        private func openssl(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
    }

    /// Sets a uniquely named environment variable for one test.
    func environment(_ value: String) -> String {
        let name = "TOCSIN_TEST_SECRET_\(UUID().uuidString.prefix(8))"
        setenv(name, value, 1)
        return name
    }

    func problems(_ yaml: String, path: String = "/etc/tocsin/tocsin.yaml") -> [ConfigProblem] {
        do {
            _ = try DaemonConfig.parse(yaml, path: path)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func scramOverTLSMapsToLibrdkafkaProperties() throws {
        let files = try Files()
        let variable = environment(files.secret)
        let config = try DaemonConfig.parse("""
            kafka:
              security:
                protocol: sasl_ssl
                tls: {ca_file: ca.pem}
                sasl:
                  mechanism: SCRAM-SHA-512
                  username: tocsin
                  password: {env: \(variable)}
            """, path: files.config)
        #expect(config.security.properties == [
            "security.protocol": "sasl_ssl", "ssl.ca.location": files.path("ca.pem"),
            "ssl.endpoint.identification.algorithm": "https", "sasl.mechanisms": "SCRAM-SHA-512",
            "sasl.username": "tocsin", "sasl.password": files.secret,
        ])
        #expect(config.security.sasl?.password?.source == .environment(variable))
        for client in [config.consumerConfiguration, config.producerConfiguration] {
            #expect(client["sasl.password"] == files.secret)
            #expect(client["security.protocol"] == "sasl_ssl")
        }
    }

    @Test func plainWithAFileSecretDropsTheTrailingNewline() throws {
        let files = try Files()
        let config = try DaemonConfig.parse("""
            kafka:
              security:
                protocol: sasl_plaintext
                sasl: {mechanism: PLAIN, username: tocsin, password: {file: password}}
            """, path: files.config)
        #expect(config.security.properties == [
            "security.protocol": "sasl_plaintext", "sasl.mechanisms": "PLAIN", "sasl.username": "tocsin",
            "sasl.password": files.secret,
        ])
        #expect(config.security.sasl?.password?.source == .file(files.path("password")))
    }

    @Test func scramSHA256AndMutualTLSWithAnEncryptedKey() throws {
        let files = try Files()
        let config = try DaemonConfig.parse("""
            kafka:
              security:
                protocol: sasl_ssl
                tls:
                  ca_file: \(files.path("ca.pem"))
                  cert_file: client.pem
                  key_file: client-encrypted.key
                  key_password: {file: key-password}
                  verify_hostname: false
                sasl: {mechanism: SCRAM-SHA-256, username: u, password: {file: password}}
            """, path: files.config)
        let properties = config.security.properties
        #expect(properties["ssl.certificate.location"] == files.path("client.pem"))
        #expect(properties["ssl.key.location"] == files.path("client-encrypted.key"))
        #expect(properties["ssl.key.password"] == files.keySecret)
        #expect(properties["ssl.endpoint.identification.algorithm"] == "none")
        #expect(properties["sasl.mechanisms"] == "SCRAM-SHA-256")
    }

    @Test func tlsWithoutATLSSectionVerifiesAgainstTheSystemStore() throws {
        let config = try DaemonConfig.parse("kafka:\n  security: {protocol: ssl}\n", path: "/x/tocsin.yaml")
        #expect(config.security.properties == ["security.protocol": "ssl", "ssl.endpoint.identification.algorithm": "https"])
        let plain = try DaemonConfig.parse("kafka: {bootstrap: b:1}\n", path: "/x/tocsin.yaml")
        #expect(plain.security.properties.isEmpty)
        #expect(plain.consumerConfiguration["security.protocol"] == nil)
    }

    @Test func oauthBearerMapsToOIDCClientCredentials() throws {
        let files = try Files()
        let config = try DaemonConfig.parse("""
            kafka:
              security:
                protocol: sasl_ssl
                sasl:
                  mechanism: OAUTHBEARER
                  oauthbearer:
                    token_endpoint: https://idp.example/oauth2/token
                    client_id: tocsin
                    client_secret: {file: password}
                    scope: kafka
                    extensions: {logicalCluster: lkc-1, identityPoolId: pool-2}
            """, path: files.config)
        #expect(config.security.properties == [
            "security.protocol": "sasl_ssl", "ssl.endpoint.identification.algorithm": "https",
            "sasl.mechanisms": "OAUTHBEARER", "sasl.oauthbearer.method": "oidc",
            "sasl.oauthbearer.token.endpoint.url": "https://idp.example/oauth2/token",
            "sasl.oauthbearer.client.id": "tocsin", "sasl.oauthbearer.client.secret": files.secret,
            "sasl.oauthbearer.scope": "kafka",
            "sasl.oauthbearer.extensions": "identityPoolId=pool-2,logicalCluster=lkc-1",
        ])
    }

    @Test func aLiteralSecretIsRefusedWithoutBeingEchoed() {
        let found = problems("""
            kafka:
              security:
                protocol: sasl_ssl
                sasl:
                  mechanism: PLAIN
                  username: tocsin
                  password: hunter2-literal
            """)
        #expect(found.count == 1)
        #expect(found.first?.description.hasPrefix("/etc/tocsin/tocsin.yaml:7:17: kafka.security.sasl.password must be {env: NAME} or {file: PATH}") == true)
        #expect(!found.description.contains("hunter2"))
    }

    @Test func missingVariablesAndFilesAreNamedAtTheirPositions() {
        let found = problems("""
            kafka:
              security:
                protocol: sasl_ssl
                tls:
                  key_password: {file: /nonexistent/key-password}
                  cert_file: /nonexistent/client.pem
                  key_file: /nonexistent/client.key
                sasl:
                  mechanism: SCRAM-SHA-512
                  username: tocsin
                  password: {env: TOCSIN_TEST_SURELY_UNSET_VARIABLE}
            """).map(\.description)
        #expect(found.count == 4, "\(found)")
        #expect(found.contains { $0.hasPrefix("/etc/tocsin/tocsin.yaml:5:28: kafka.security.tls.key_password: cannot read the file /nonexistent/key-password") })
        #expect(found.contains { $0.hasPrefix("/etc/tocsin/tocsin.yaml:6:18: kafka.security.tls.cert_file: cannot read /nonexistent/client.pem") })
        #expect(found.contains { $0.hasPrefix("/etc/tocsin/tocsin.yaml:11:23: kafka.security.sasl.password: environment variable TOCSIN_TEST_SURELY_UNSET_VARIABLE is not set") })
    }

    @Test(arguments: [
        ("protocol: ssl\n    sasl: {mechanism: PLAIN, username: u, password: {env: HOME}}", "4:5: kafka.security.sasl needs protocol sasl_ssl or sasl_plaintext"),
        ("protocol: plaintext\n    tls: {verify_hostname: true}", "4:5: kafka.security.tls needs protocol ssl or sasl_ssl"),
        ("protocol: sasl_ssl", "3:15: kafka.security.protocol sasl_ssl needs a kafka.security.sasl section"),
        ("protocol: sasl_ssl\n    sasl: {mechanism: OAUTHBEARER}", "4:23: mechanism OAUTHBEARER needs a kafka.security.sasl.oauthbearer section"),
        ("protocol: sasl_ssl\n    sasl: {mechanism: PLAIN, password: {env: HOME}}", "4:23: mechanism PLAIN needs kafka.security.sasl.username"),
        ("protocol: sasl_ssl\n    sasl: {mechanism: GSSAPI}", "4:23: kafka.security.sasl.mechanism must be one of"),
        ("protocol: tls", "3:15: kafka.security.protocol must be one of plaintext, ssl, sasl_plaintext, sasl_ssl"),
        ("protocol: ssl\n    tls: {cert_file: /etc/hostname}", "4:11: kafka.security.tls.cert_file needs key_file"),
        ("protocol: sasl_ssl\n    sasl: {mechanism: PLAIN, username: u, password: {env: HOME, file: /x}}", "4:53: kafka.security.sasl.password must be exactly one of"),
    ])
    func badCombinationsAreReportedAtTheirPosition(security: String, expected: String) {
        let found = problems("kafka:\n  security:\n    \(security)\n").map(\.description)
        #expect(found.contains { $0.hasPrefix("/etc/tocsin/tocsin.yaml:\(expected)") }, "\(found)")
    }

    @Test func secretsInPlainPropertiesPointAtKafkaSecurity() {
        let found = problems("""
            kafka:
              properties:
                sasl.password: literal-one
                ssl.keystore.password: literal-two
              consumer_properties: {sasl.oauthbearer.client.secret: literal-three}
              producer_properties: {ssl.key.password: literal-four, linger.ms: 5}
            """).map(\.description)
        #expect(found.count == 4)
        #expect(found.contains { $0.hasPrefix("/etc/tocsin/tocsin.yaml:3:5: kafka.properties.sasl.password would put a secret in the config file: set kafka.security.sasl.password") })
        #expect(found.contains { $0.hasPrefix("/etc/tocsin/tocsin.yaml:4:5: kafka.properties.ssl.keystore.password would put a secret in the config file: PKCS#12") })
        #expect(found.contains { $0.contains("kafka.consumer_properties.sasl.oauthbearer.client.secret") })
        #expect(found.contains { $0.contains("kafka.producer_properties.ssl.key.password") })
        #expect(!found.joined().contains("literal-"))
    }

    @Test func propertiesThatKafkaSecuritySetsAreNotSetTwice() {
        let found = problems("""
            kafka:
              properties: {security.protocol: SASL_SSL, sasl.mechanism: PLAIN}
              security: {protocol: ssl}
            """).map(\.description)
        #expect(found.contains { $0.hasPrefix("/etc/tocsin/tocsin.yaml:2:16: kafka.properties.security.protocol is set by kafka.security; remove it here") })
        #expect(found.contains { $0.contains("kafka.properties.sasl.mechanism is set by kafka.security") })
        // Without kafka.security, non-secret security properties stay allowed, as before.
        #expect(problems("kafka:\n  properties: {security.protocol: ssl}\n").isEmpty)
    }

    @Test func descriptionsNeverShowSecretValues() throws {
        let files = try Files()
        let variable = environment(files.secret)
        let config = try DaemonConfig.parse("""
            kafka:
              security:
                protocol: sasl_ssl
                tls: {cert_file: client.pem, key_file: client-encrypted.key, key_password: {file: key-password}}
                sasl:
                  mechanism: OAUTHBEARER
                  oauthbearer: {token_endpoint: "https://idp/token", client_id: c, client_secret: {env: \(variable)}}
            """, path: files.config)
        let consumer = config.consumerConfiguration
        #expect(consumer["sasl.oauthbearer.client.secret"] == files.secret)
        var dumped = ""
        dump(config, to: &dumped)
        var dumpedConsumer = ""
        dump(consumer, to: &dumpedConsumer)
        let texts = [
            consumer.description, consumer.debugDescription, consumer.redactedDescription, "\(consumer)",
            String(describing: config), String(reflecting: config), "\(config.security)", dumped, dumpedConsumer,
        ]
        for text in texts {
            #expect(!text.contains(files.secret) && !text.contains(files.keySecret), "\(text)")
        }
        #expect(consumer.redactedDescription.contains("sasl.oauthbearer.client.secret=<redacted>"))
        #expect(consumer.redactedDescription.contains("ssl.key.password=<redacted>"))
        #expect("\(config.security.sasl!.oauthBearer!.clientSecret)" == "<secret from environment variable \(variable)>")
    }

    @Test func theLinkedLibrdkafkaHasEveryFeatureKafkaSecurityUses() {
        #expect(KafkaFeatures.builtin.isSuperset(of: ["ssl", "sasl_plain", "sasl_scram", "sasl_oauthbearer", "oidc"]),
                "librdkafka \(KafkaFeatures.version): \(KafkaFeatures.builtin.sorted())")
        #expect(KafkaFeatures.required(by: ["security.protocol": "sasl_ssl", "sasl.mechanisms": "OAUTHBEARER", "sasl.oauthbearer.method": "oidc"])
                == ["ssl", "sasl_oauthbearer", "oidc"])
        #expect(KafkaFeatures.required(by: ["security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "SCRAM-SHA-256"]) == ["sasl_scram"])
        #expect(KafkaFeatures.required(by: [:]).isEmpty)
    }

    /// librdkafka accepts every mapping: clients are created (certificates and encrypted key loaded,
    /// OIDC set up), and their logs, with librdkafka's configuration debug on, show no secret.
    @Test func clientsAreCreatedWithEachConfigurationAndLogNoSecret() async throws {
        let files = try Files()
        let securities = [
            "protocol: sasl_plaintext\n    sasl: {mechanism: PLAIN, username: u, password: {file: password}}",
            "protocol: sasl_ssl\n    tls: {ca_file: ca.pem}\n    sasl: {mechanism: SCRAM-SHA-256, username: u, password: {file: password}}",
            "protocol: sasl_ssl\n    sasl: {mechanism: SCRAM-SHA-512, username: u, password: {file: password}}",
            "protocol: ssl\n    tls: {ca_file: ca.pem, cert_file: client.pem, key_file: client-encrypted.key, key_password: {file: key-password}}",
            "protocol: sasl_ssl\n    sasl:\n      mechanism: OAUTHBEARER\n      oauthbearer: {token_endpoint: \"http://127.0.0.1:9/token\", client_id: c, client_secret: {file: password}, scope: kafka}",
        ]
        let logs = LogCapture()
        let logger = Logger(label: "security-test") { _ in logs }
        for security in securities {
            let config = try DaemonConfig.parse("kafka:\n  bootstrap: 127.0.0.1:9\n  security:\n    \(security)\n", path: files.config)
            let debug = ["debug": "conf,security", "socket.connection.setup.timeout.ms": "1000"]
            do {
                _ = try KafkaProducer(configuration: config.producerConfiguration.merging(debug), logger: logger, onDelivery: { _ in })
                let consumer = try KafkaConsumer(configuration: config.consumerConfiguration.merging(debug), topics: ["t"], logger: logger)
                await consumer.close()
            } catch {
                Issue.record("\(security): \(error)")
            }
        }
        #expect(logs.text.contains("sasl.password") || logs.text.contains("sasl.mechanisms"), "configuration debug was logged")
        let leaks = logs.text.split(separator: "\n").filter { $0.contains(files.secret) || $0.contains(files.keySecret) }
        #expect(leaks.isEmpty, "\(leaks)")
    }

    @Test func aRejectedSecretPropertyValueIsNotEchoed() {
        do {
            _ = try KafkaProducer(configuration: KafkaConfiguration(["sasl.password.typo": "s3cr3t"]), logger: Logger(label: "t"), onDelivery: { _ in })
            Issue.record("librdkafka accepted an unknown property")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("sasl.password.typo=<redacted>"), "\(text)")
            #expect(!text.contains("s3cr3t"), "\(text)")
        }
    }
}

/// Collects every log line, message and metadata, for checks on what was logged.
final class LogCapture: LogHandler, @unchecked Sendable {
    // @unchecked: `lines` is guarded by `lock`; librdkafka logs from its own threads.
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { lines.append("\(event.message) \(event.metadata ?? [:])") }
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}

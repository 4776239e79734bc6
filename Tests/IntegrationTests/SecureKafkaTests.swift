import Foundation
import Logging
import Testing
import TocsinKafka
import TocsinPipeline

/// `kafka.security` against real brokers: Tansu behind stunnel for TLS and mutual TLS, a Tansu that
/// requires SASL, and a local OIDC token endpoint. `scripts/secure-broker.sh` starts them once for
/// this suite and stops them when the test process exits.
@Suite(
    "Secure Kafka on real brokers", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: TestEnvironment.available, "needs TOCSIN_TEST_BOOTSTRAP: run through `make test`"))
struct SecureKafkaTests {
    static let brokers = Result { try SecureBrokers() }

    /// A config file for `brokers`, with the security section given, the suite's topics, the local
    /// Tansu timings and the repository's rules.
    func writeConfig(_ brokers: SecureBrokers, bootstrap: String, security: String, name: String) throws -> String {
        let path = brokers.dir.appendingPathComponent("\(name).yaml").path
        let yaml = """
            kafka:
              bootstrap: \(bootstrap)
              group: \(TestEnvironment.unique("secure"))
              input_topic: \(brokers.input)
              alerts_topic: \(brokers.alerts)
              signals_topic: \(brokers.signals)
              consumer_properties: {session.timeout.ms: 6000, heartbeat.interval.ms: 1000, auto.commit.interval.ms: 1000}
              security:
            \(security.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n"))
            rules:
              paths: [\(TestEnvironment.repoRoot.appendingPathComponent("Config/rules").path)]
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Publishes one seed item with the config's own (secured) producer settings, then runs the
    /// daemon on that config until it prints the item's alert.
    func daemonAlertsThrough(config: String) async throws {
        let settings = try DaemonConfig.load(path: config)
        let id = TestEnvironment.unique("secure-seed")
        let failures = Counter()
        let producer = try KafkaProducer(configuration: settings.producerConfiguration, logger: TestEnvironment.logger, onDelivery: {
            if $0.error != nil { failures.increment() }
        })
        try await producer.enqueue(ProducerRecord(topic: settings.inputTopic, key: nil, value: TestEnvironment.seedItem(id: id)), token: 1)
        #expect(await producer.flush(timeoutMillis: 30_000) && failures.value == 0, "the secured producer delivers")

        let daemon = try Daemon(arguments: ["--config", config, "--output", "json", "--colour", "never"])
        let alerted = await daemon.waitForOutput(lines: 1, seconds: 60)
        daemon.signal(SIGTERM)
        let status = await daemon.waitForExit(seconds: 30)
        #expect(alerted, "\(daemon.stderr)")
        #expect(daemon.itemLines.contains { $0.contains(id) }, "\(daemon.stdoutLines)")
        #expect(status == 0, "\(daemon.stderr)")
    }

    @Test func daemonWorksOverTLSVerifyingTheBrokerWithTheCAFile() async throws {
        let brokers = try Self.brokers.get()
        let config = try writeConfig(brokers, bootstrap: brokers.tls, security: """
            protocol: ssl
            tls: {ca_file: tls/ca.pem, verify_hostname: true}
            """, name: "tls")
        try await daemonAlertsThrough(config: config)
    }

    @Test func daemonWorksOverMutualTLSWithAnEncryptedClientKey() async throws {
        let brokers = try Self.brokers.get()
        let config = try writeConfig(brokers, bootstrap: brokers.mutualTLS, security: """
            protocol: ssl
            tls:
              ca_file: tls/ca.pem
              cert_file: tls/client.pem
              key_file: tls/client-encrypted.key
              key_password: {file: key-password}
            """, name: "mutual-tls")
        try await daemonAlertsThrough(config: config)
    }

    @Test func withoutAClientCertificateMutualTLSRefusesTheClient() async throws {
        let brokers = try Self.brokers.get()
        let config = try writeConfig(brokers, bootstrap: brokers.mutualTLS, security: "protocol: ssl\ntls: {ca_file: tls/ca.pem}", name: "no-cert")
        try await expectNoDelivery(config: config)
    }

    @Test func aBrokerCertificateFromAnotherCAIsRefused() async throws {
        let brokers = try Self.brokers.get()
        let config = try writeConfig(brokers, bootstrap: brokers.tls, security: "protocol: ssl\ntls: {ca_file: tls/other-ca.pem}", name: "wrong-ca")
        try await expectNoDelivery(config: config)
    }

    func expectNoDelivery(config: String) async throws {
        let settings = try DaemonConfig.load(path: config)
        let failures = Counter()
        let producer = try KafkaProducer(
            configuration: settings.producerConfiguration.merging(["message.timeout.ms": "4000"]), logger: TestEnvironment.logger,
            onDelivery: { if $0.error != nil { failures.increment() } })
        try await producer.enqueue(ProducerRecord(topic: settings.inputTopic, key: nil, value: TestEnvironment.quietItem(id: "refused")), token: 1)
        _ = await producer.flush(timeoutMillis: 10_000)
        #expect(failures.value == 1, "the message must not be delivered")
    }

    /// Tansu 0.6.0 keeps SCRAM users only in memory and adds them only over an authenticated
    /// connection, so no login can succeed there; a rejected one is real, and must stop the daemon.
    @Test func rejectedSCRAMCredentialsStopTheDaemonWithAClearError() async throws {
        let brokers = try Self.brokers.get()
        let password = "wrong-\(UUID().uuidString)"
        let variable = "TOCSIN_SECURE_TEST_PASSWORD_\(UUID().uuidString.prefix(8))"
        setenv(variable, password, 1)
        let config = try writeConfig(brokers, bootstrap: brokers.saslSSL, security: """
            protocol: sasl_ssl
            tls: {ca_file: tls/ca.pem}
            sasl: {mechanism: SCRAM-SHA-512, username: tocsin, password: {env: \(variable)}}
            """, name: "scram")
        let daemon = try Daemon(arguments: ["--config", config, "--output", "json"])
        let status = await daemon.waitForExit(seconds: 60)
        if status == nil { daemon.signal(SIGKILL) }
        #expect(status != nil && status != 0, "the daemon stops on rejected credentials")
        #expect(daemon.stderr.contains("SASL authentication error"), "\(daemon.stderr)")
        #expect(daemon.stderr.contains("check kafka.security.sasl"), "\(daemon.stderr)")
        #expect(!daemon.stderr.contains(password))
    }

    /// No broker here verifies OAUTHBEARER, so this checks the other half for real: librdkafka
    /// fetches a token from the configured endpoint with the configured client credentials and scope.
    @Test func oauthBearerFetchesATokenWithTheConfiguredClientCredentials() async throws {
        let brokers = try Self.brokers.get()
        let endpoint = try TokenEndpoint(dir: brokers.dir, port: brokers.basePort + 20)
        defer { endpoint.stop() }
        let secret = "client-secret-\(UUID().uuidString)"
        try secret.write(to: brokers.dir.appendingPathComponent("client-secret"), atomically: true, encoding: .utf8)
        let config = try writeConfig(brokers, bootstrap: brokers.saslSSL, security: """
            protocol: sasl_ssl
            tls: {ca_file: tls/ca.pem}
            sasl:
              mechanism: OAUTHBEARER
              oauthbearer:
                token_endpoint: http://127.0.0.1:\(brokers.basePort + 20)/oauth2/token
                client_id: tocsin-client
                client_secret: {file: client-secret}
                scope: kafka.write
                extensions: {logicalCluster: lkc-test}
            """, name: "oauth")
        let settings = try DaemonConfig.load(path: config)
        let producer = try KafkaProducer(configuration: settings.producerConfiguration, logger: TestEnvironment.logger, onDelivery: { _ in })
        let request = await endpoint.firstRequest(seconds: 20)
        withExtendedLifetime(producer) {}
        let found = try #require(request, "librdkafka requested no token")
        #expect(found["path"] == "/oauth2/token")
        let expected = "Basic " + Data("tocsin-client:\(secret)".utf8).base64EncodedString()
        #expect(found["authorization"] == expected)
        let body = found["body"] ?? ""
        #expect(body.contains("grant_type=client_credentials"), "\(body)")
        #expect(body.contains("scope=kafka.write"), "\(body)")
    }

    @Test func runHelpOffersNoWayToPassASecret() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = ["run", "--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let help = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).lowercased()
        process.waitUntilExit()
        #expect(help.contains("--config"))
        for word in ["password", "secret", "token", "sasl"] { #expect(!help.contains(word), "\(word) in --help") }
    }
}

/// The brokers `scripts/secure-broker.sh` runs, and the suite's topics on them.
struct SecureBrokers: Sendable {
    let dir: URL
    let basePort: Int
    let tls: String
    let mutualTLS: String
    let saslSSL: String
    let input = TestEnvironment.unique("secure-news")
    let alerts = TestEnvironment.unique("secure-alerts")
    let signals = TestEnvironment.unique("secure-signals")

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.unique("secure-brokers"))
        basePort = Int(TestEnvironment.env["TOCSIN_SECURE_BASE_PORT"] ?? "") ?? 29310
        let log = dir.deletingLastPathComponent().appendingPathComponent("\(dir.lastPathComponent).log").path
        let status = Self.run([
            "/bin/bash", TestEnvironment.repoRoot.appendingPathComponent("scripts/secure-broker.sh").path,
            "start", dir.path, String(basePort), String(getpid()),
            "\(input):1", "\(alerts):1", "\(input).dlq:1", "\(signals):1",
        ], log: log)
        guard status == 0 else {
            throw TestFailure("secure-broker.sh start failed (\(status)): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
        let addresses = try String(contentsOf: dir.appendingPathComponent("addresses"), encoding: .utf8)
        let pairs = Dictionary(uniqueKeysWithValues: addresses.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        })
        tls = pairs["TLS_BOOTSTRAP"] ?? ""
        mutualTLS = pairs["MUTUAL_TLS_BOOTSTRAP"] ?? ""
        saslSSL = pairs["SASL_SSL_BOOTSTRAP"] ?? ""
    }
}

extension SecureBrokers {
    /// Runs a command to completion with its output in `log`; see `spawn`.
    static func run(_ arguments: [String], log: String) -> Int32 {
        guard let pid = spawn(arguments, log: log) else { return -1 }
        return wait(pid)
    }

    /// Starts a command with stdin from /dev/null and stdout and stderr to `log`. posix_spawn, not
    /// Process: the test process blocks SIGTERM, and Process passes that mask on, so the brokers
    /// would ignore `stop`; here the child gets an empty mask and default handlers. Output goes to
    /// a file because the brokers keep inherited pipes open after the script exits.
    static func spawn(_ arguments: [String], log: String) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ) == 0 else { return nil }
        return pid
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    }
}

/// A tiny OIDC token endpoint (python3's http.server) that records each request and answers with
/// an unsigned JWT, enough for librdkafka to accept the token.
final class TokenEndpoint: @unchecked Sendable {
    private let pid: pid_t?
    private let requests: URL

    init(dir: URL, port: Int) throws {
        let script = dir.appendingPathComponent("token-endpoint.py")
        requests = dir.appendingPathComponent("token-requests.jsonl")
        try """
            import base64, json, sys, time
            from http.server import BaseHTTPRequestHandler, HTTPServer
            def part(value):
                return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
            class Handler(BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                    with open(sys.argv[2], "a") as log:
                        log.write(json.dumps({"path": self.path, "authorization": self.headers.get("Authorization", ""), "body": body}) + "\\n")
                    now = int(time.time())
                    token = part({"alg": "none", "typ": "JWT"}) + "." + part({"sub": "tocsin", "iat": now, "exp": now + 3600}) + ".c2ln"
                    out = json.dumps({"access_token": token, "token_type": "bearer", "expires_in": 3600}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                def log_message(self, *args):
                    pass
            HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
            """.write(to: script, atomically: true, encoding: .utf8)
        pid = SecureBrokers.spawn(["/usr/bin/env", "python3", script.path, String(port), requests.path], log: dir.appendingPathComponent("token-endpoint.log").path)
        guard pid != nil else { throw TestFailure("cannot start python3 for the token endpoint") }
        // Ready once it accepts connections.
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline && !Self.listening(port) { Thread.sleep(forTimeInterval: 0.1) }
    }

    private static func listening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    func firstRequest(seconds: Double) async -> [String: String]? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: requests, encoding: .utf8), let line = text.split(separator: "\n").first,
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            {
                return object
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    func stop() {
        guard let pid else { return }
        kill(pid, SIGTERM)
        _ = SecureBrokers.wait(pid)
    }
}

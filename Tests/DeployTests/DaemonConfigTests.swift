import Foundation
import Testing
import TocsinPipeline
import Yams

/// The daemon configs under deploy/: accepted by the daemon's own parser, and container-ready.
@Suite struct DaemonConfigTests {
    /// The compose and image config, and the Kubernetes one (also checked inside the ConfigMap).
    static let configs = ["deploy/config/tocsin.yaml", "deploy/k8s/tocsin.yaml"]

    @Test(arguments: configs)
    func parsesWithTheDaemonsParser(path: String) throws {
        let config = try parseAsDeployed(Repo.text(path))
        #expect(config.rulePaths == [Documented.rules])
        #expect(config.inputTopic == "news")
        #expect(config.alertsTopic == "alerts")
        #expect(config.effectiveDeadLetterTopic == "news.dlq")
        #expect(config.signalsTopic == "tocsin.signals")
        #expect(config.stdout != .text, "containers print alerts as JSON or not at all")
    }

    @Test(arguments: configs)
    func servesHTTPOnAllInterfacesAndLogsJSON(path: String) throws {
        let tree = Tree(try Yams.load(yaml: Repo.text(path)))
        #expect(tree["observability", "http", "enabled"].bool == true)
        #expect(tree["observability", "http", "host"].string == "0.0.0.0")
        #expect(tree["observability", "http", "port"].int == Documented.metricsPort)
        #expect(tree["logging", "format"].string == "json")
        #expect(tree["rules", "paths"].strings == ["rules"])
        #expect((tree["rules", "watch_interval_seconds"].int ?? 0) > 0, "ConfigMap and bind-mount edits must be picked up")
    }

    @Test(arguments: configs)
    func holdsNoSecretValues(path: String) throws {
        let tree = try Yams.load(yaml: Repo.text(path))
        #expect(secretLiterals(in: tree, at: "").isEmpty)
    }

    @Test func kubernetesConfigUsesSASLWithThePasswordFromTheEnvironment() throws {
        let tree = Tree(try Yams.load(yaml: Repo.text("deploy/k8s/tocsin.yaml")))
        #expect(tree["kafka", "security", "protocol"].string == "sasl_ssl")
        #expect(tree["kafka", "security", "sasl", "password", "env"].string == "TOCSIN_KAFKA_PASSWORD")
        #expect(tree["kafka", "security", "tls", "ca_file"].string == "/etc/tocsin/tls/ca.pem")
    }
}

/// Parses a deploy config as the daemon would where it is installed (so rules.paths resolves under
/// /etc/tocsin). Secret references are resolved at load: the test stands in for what the pod
/// provides at run time, the password variable (a Secret's key) and the CA file (a Secret's mount).
func parseAsDeployed(_ text: String) throws -> DaemonConfig {
    setenv(KubernetesSecrets.passwordVariable, "deploy-test-only", 0)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-deploy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let ca = folder.appendingPathComponent("ca.pem")
    try "not a real certificate\n".write(to: ca, atomically: true, encoding: .utf8)
    let local = text.replacingOccurrences(of: KubernetesSecrets.caFile, with: ca.path)
    return try DaemonConfig.parse(local, path: Documented.config)
}

/// What the Kubernetes config expects the pod to provide from the tocsin-kafka Secret.
enum KubernetesSecrets {
    static let secretName = "tocsin-kafka"
    static let passwordVariable = "TOCSIN_KAFKA_PASSWORD"
    static let caFile = "/etc/tocsin/tls/ca.pem"
}

/// Keys that name a secret (password, secret, token) holding a plain string rather than an
/// `{env: NAME}` or `{file: PATH}` reference.
func secretLiterals(in node: Any?, at path: String) -> [String] {
    switch node {
    case let map as [String: Any]:
        return map.flatMap { key, value -> [String] in
            let here = path.isEmpty ? key : "\(path).\(key)"
            let lowered = key.lowercased()
            let named = ["password", "secret", "token"].contains { lowered.contains($0) }
            if named, !(value is [String: Any]) { return [here] }
            return secretLiterals(in: value, at: here)
        }
    case let list as [Any]:
        return list.enumerated().flatMap { secretLiterals(in: $1, at: "\(path)[\($0)]") }
    default:
        return []
    }
}

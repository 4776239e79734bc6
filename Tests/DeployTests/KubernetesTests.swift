import Foundation
import Testing
import TocsinPipeline
import Yams

/// deploy/k8s: the objects kustomization.yaml applies, checked field by field.
@Suite struct KubernetesTests {
    /// Every object of every manifest kustomization.yaml lists.
    static func objects() throws -> [Tree] {
        let kustomization = Tree(try Yams.load(yaml: Repo.text("deploy/k8s/kustomization.yaml")))
        let documents: [Any] = try kustomization["resources"].strings.flatMap { try yamlDocuments(file: "deploy/k8s/\($0)") }
        return documents.map(Tree.init)
    }

    static func object(_ kind: String, _ name: String) throws -> Tree {
        let found = try objects().filter { $0["kind"].string == kind && $0["metadata", "name"].string == name }
        try #require(found.count == 1, "expected one \(kind) \(name), found \(found.count)")
        return found[0]
    }

    static func deployment() throws -> Tree { try object("Deployment", "tocsin") }

    static func container() throws -> Tree { try deployment()["spec", "template", "spec", "containers", 0] }

    static func templateLabels() throws -> [String: String] {
        try (deployment()["spec", "template", "metadata", "labels"].map ?? [:]).mapValues { "\($0)" }
    }

    @Test func everyManifestIsListedAndEveryObjectIsComplete() throws {
        let listed = Set(Tree(try Yams.load(yaml: Repo.text("deploy/k8s/kustomization.yaml")))["resources"].strings)
        let onDisk = Set(try Repo.files(in: "deploy/k8s").filter { $0.hasSuffix(".yaml") })
        // tocsin.yaml is the daemon config the ConfigMap is generated from, not an object.
        #expect(onDisk.subtracting(["kustomization.yaml", "tocsin.yaml"]) == listed)
        let objects = try Self.objects()
        #expect(Set(objects.compactMap { $0["kind"].string }) == ["ConfigMap", "Deployment", "Service", "PodDisruptionBudget"])
        for object in objects {
            #expect(object["apiVersion"].string?.isEmpty == false)
            #expect(object["kind"].string?.isEmpty == false)
            #expect(object["metadata", "name"].string?.isEmpty == false)
        }
    }

    @Test func deploymentRunsOneReplicaPerPartition() throws {
        let deployment = try Self.deployment()
        #expect(deployment["apiVersion"].string == "apps/v1")
        #expect(deployment["spec", "replicas"].int == Documented.partitions)
        let selector = (deployment["spec", "selector", "matchLabels"].map ?? [:]).mapValues { "\($0)" }
        #expect(!selector.isEmpty)
        let labels = try Self.templateLabels()
        #expect(selector.allSatisfy { labels[$0.key] == $0.value }, "the selector must match the pod template")
        // A surge pod would find no free partition and never become ready.
        #expect(deployment["spec", "strategy", "rollingUpdate", "maxSurge"].int == 0)
    }

    @Test func containerRunsTheDocumentedCommand() throws {
        let container = try Self.container()
        #expect(container["image"].string?.isEmpty == false)
        let command = container["command"].strings.isEmpty ? [Documented.binary] : container["command"].strings
        #expect(command == [Documented.binary])
        #expect(container["args"].strings == Documented.runArguments)
        let env = container["env"].list.map(Tree.init)
        #expect(env.contains { $0["name"].string == "TOCSIN_CONFIG" && $0["value"].string == Documented.config })
    }

    @Test func probesUseHealthAndReadinessOnTheMetricsPort() throws {
        let container = try Self.container()
        let ports = container["ports"].list.map(Tree.init)
        let metrics = try #require(ports.first { $0["name"].string == "metrics" })
        #expect(metrics["containerPort"].int == Documented.metricsPort)
        for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/healthz")] {
            #expect(container[probe, "httpGet", "path"].string == path, "\(probe)")
            let port = container[probe, "httpGet", "port"]
            #expect(port.string == "metrics" || port.int == Documented.metricsPort, "\(probe) port")
        }
        // The port the daemon serves on is the one the probes call.
        let configMap = try Self.object("ConfigMap", "tocsin-config")
        let config = Tree(try Yams.load(yaml: try #require(configMap["data", "tocsin.yaml"].string)))
        #expect(config["observability", "http", "port"].int == Documented.metricsPort)
    }

    @Test func resourcesAndSecurityContextAreSet() throws {
        let deployment = try Self.deployment()
        let container = try Self.container()
        for bound in ["requests", "limits"] {
            #expect(container["resources", bound, "cpu"].exists, "\(bound).cpu")
            #expect(container["resources", bound, "memory"].exists, "\(bound).memory")
        }
        let pod = deployment["spec", "template", "spec", "securityContext"]
        #expect(pod["runAsNonRoot"].bool == true)
        #expect((pod["runAsUser"].int ?? 0) > 0)
        let security = container["securityContext"]
        #expect(security["readOnlyRootFilesystem"].bool == true)
        #expect(security["allowPrivilegeEscalation"].bool == false)
        #expect(security["capabilities", "drop"].strings == ["ALL"])
        #expect(deployment["spec", "template", "spec", "automountServiceAccountToken"].bool == false)
    }

    @Test func secretsComeFromASecretNeverAValue() throws {
        let container = try Self.container()
        let env = container["env"].list.map(Tree.init)
        let password = try #require(env.first { $0["name"].string == "TOCSIN_KAFKA_PASSWORD" })
        #expect(password["value"].exists == false)
        #expect(password["valueFrom", "secretKeyRef", "name"].string == "tocsin-kafka")
        for variable in env where ["PASSWORD", "SECRET", "TOKEN"].contains(where: { variable["name"].string?.contains($0) == true }) {
            #expect(variable["value"].exists == false, "\(variable["name"].string ?? "") must use valueFrom")
        }
        for object in try Self.objects() where object["kind"].string == "ConfigMap" {
            #expect(object["data", "tocsin.yaml"].string.map { secretLiterals(in: try? Yams.load(yaml: $0), at: "") } ?? [] == [])
        }
    }

    /// ConfigMaps mounted as directories (a subPath mount never sees an update), config at
    /// /etc/tocsin and rules at /etc/tocsin/rules, as in the image.
    @Test func configMapsAreMountedAsDirectoriesAtTheImagePaths() throws {
        let deployment = try Self.deployment()
        let container = try Self.container()
        let mounts = container["volumeMounts"].list.map(Tree.init)
        #expect(mounts.allSatisfy { !$0["subPath"].exists && !$0["subPathExpr"].exists })
        let volumes = deployment["spec", "template", "spec", "volumes"].list.map(Tree.init)
        func configMap(mountedAt path: String) -> String? {
            guard let mount = mounts.first(where: { $0["mountPath"].string == path }),
                let volume = volumes.first(where: { $0["name"].string == mount["name"].string })
            else { return nil }
            return volume["configMap", "name"].string
        }
        #expect(configMap(mountedAt: "/etc/tocsin") == "tocsin-config")
        #expect(configMap(mountedAt: Documented.rules) == "tocsin-rules")
        // Every key of each ConfigMap lands in the volume: no `items` subset that a new rule file would miss.
        #expect(volumes.allSatisfy { !$0["configMap", "items"].exists })
    }

    /// The config's secret references are met by the pod: the variable from the Secret, the CA
    /// file from the Secret mounted at its folder.
    @Test func podProvidesWhatTheConfigReferences() throws {
        let config = Tree(try Yams.load(yaml: Repo.text("deploy/k8s/tocsin.yaml")))
        #expect(config["kafka", "security", "sasl", "password", "env"].string == KubernetesSecrets.passwordVariable)
        #expect(config["kafka", "security", "tls", "ca_file"].string == KubernetesSecrets.caFile)
        let deployment = try Self.deployment()
        let container = try Self.container()
        let env = container["env"].list.map(Tree.init)
        #expect(env.contains {
            $0["name"].string == KubernetesSecrets.passwordVariable
                && $0["valueFrom", "secretKeyRef", "name"].string == KubernetesSecrets.secretName
        })
        let folder = URL(fileURLWithPath: KubernetesSecrets.caFile).deletingLastPathComponent().path
        let mount = try #require(container["volumeMounts"].list.map(Tree.init).first { $0["mountPath"].string == folder })
        let volume = try #require(deployment["spec", "template", "spec", "volumes"].list.map(Tree.init).first { $0["name"].string == mount["name"].string })
        #expect(volume["secret", "secretName"].string == KubernetesSecrets.secretName)
        let items = volume["secret", "items"].list.map(Tree.init)
        #expect(items.isEmpty || items.contains { $0["path"].string == "ca.pem" })
    }

    @Test func serviceTargetsTheMetricsPort() throws {
        let service = try Self.object("Service", "tocsin-metrics")
        let labels = try Self.templateLabels()
        let selector = (service["spec", "selector"].map ?? [:]).mapValues { "\($0)" }
        #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value })
        let ports = service["spec", "ports"].list.map(Tree.init)
        #expect(ports.contains { ($0["targetPort"].string == "metrics" || $0["targetPort"].int == Documented.metricsPort) && $0["port"].int == Documented.metricsPort })
    }

    @Test func disruptionBudgetCoversThePods() throws {
        let budget = try Self.object("PodDisruptionBudget", "tocsin")
        #expect(budget["apiVersion"].string == "policy/v1")
        let labels = try Self.templateLabels()
        let selector = (budget["spec", "selector", "matchLabels"].map ?? [:]).mapValues { "\($0)" }
        #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value })
        #expect(budget["spec", "maxUnavailable"].exists || budget["spec", "minAvailable"].exists)
    }

    /// configmap.yaml is generated (make-configmap.py); it must match its sources exactly.
    @Test func rulesConfigMapHoldsExactlyConfigRules() throws {
        let data = try #require(try Self.object("ConfigMap", "tocsin-rules")["data"].map)
        let files = try Repo.files(in: "Config/rules")
        #expect(data.keys.sorted() == files, "run deploy/k8s/make-configmap.py")
        for name in files {
            #expect(data[name] as? String == (try Repo.text("Config/rules/\(name)")), "\(name): run deploy/k8s/make-configmap.py")
        }
    }

    @Test func configConfigMapHoldsTheKubernetesDaemonConfig() throws {
        let data = try #require(try Self.object("ConfigMap", "tocsin-config")["data"].map)
        #expect(Array(data.keys) == ["tocsin.yaml"])
        let text = try #require(data["tocsin.yaml"] as? String)
        #expect(text == (try Repo.text("deploy/k8s/tocsin.yaml")), "run deploy/k8s/make-configmap.py")
        let config = try parseAsDeployed(text)
        #expect(config.rulePaths == [Documented.rules])
        let tree = Tree(try Yams.load(yaml: text))
        #expect(tree["observability", "http", "enabled"].bool == true)
        #expect(tree["observability", "http", "host"].string == "0.0.0.0")
    }

    /// kustomize builds offline; where kubectl is installed, the kustomization must render.
    @Test(.enabled(if: executable("/usr/bin/kubectl", "/usr/local/bin/kubectl") != nil))
    func kustomizationRenders() throws {
        let kubectl = try #require(executable("/usr/bin/kubectl", "/usr/local/bin/kubectl"))
        let result = try runTool(kubectl, ["kustomize", Repo.url("deploy/k8s").path])
        try #require(result.status == 0, "\(result.stderr)")
        let kinds = try yamlDocuments(result.stdout).compactMap { Tree($0)["kind"].string }
        #expect(kinds.sorted() == ["ConfigMap", "ConfigMap", "Deployment", "PodDisruptionBudget", "Service"])
    }
}

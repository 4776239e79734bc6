import Foundation
import Testing

/// deploy/systemd/tocsin.service: an INI file with the hardening the issue asks for.
@Suite struct SystemdTests {
    static let unitPath = "deploy/systemd/tocsin.service"

    /// Section name → key → values (a key may repeat, as SystemCallFilter does).
    static func unit() throws -> [String: [String: [String]]] {
        var sections: [String: [String: [String]]] = [:]
        var current: String?
        for raw in try Repo.text(unitPath).split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                try #require(line.hasSuffix("]"), "section header: \(line)")
                current = String(line.dropFirst().dropLast())
                try #require(sections[current!] == nil, "section \(line) appears once")
                sections[current!] = [:]
                continue
            }
            let section = try #require(current, "key outside a section: \(line)")
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            try #require(parts.count == 2, "not key=value: \(line)")
            sections[section]![String(parts[0]), default: []].append(String(parts[1]))
        }
        return sections
    }

    @Test func hasTheThreeSectionsAndTheDocumentedCommand() throws {
        let unit = try Self.unit()
        #expect(Set(unit.keys) == ["Unit", "Service", "Install"])
        let service = try #require(unit["Service"])
        #expect(service["ExecStart"] == ["\(Documented.binary) run --config \(Documented.config)"])
        #expect(service["ExecStartPre"] == ["\(Documented.binary) check --config \(Documented.config)"])
        #expect(service["ExecReload"] == ["/bin/kill -HUP $MAINPID"])
        #expect(service["Restart"] == ["on-failure"])
        #expect(service["EnvironmentFile"]?.count == 1)
        #expect(unit["Install"]?["WantedBy"] == ["multi-user.target"])
    }

    @Test func isHardened() throws {
        let service = try #require(try Self.unit()["Service"])
        let expected: [String: String] = [
            "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes", "NoNewPrivileges": "yes",
            "CapabilityBoundingSet": "", "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
            "MemoryDenyWriteExecute": "yes", "PrivateDevices": "yes", "LockPersonality": "yes",
            "RestrictNamespaces": "yes", "SystemCallArchitectures": "native",
        ]
        for (key, value) in expected {
            #expect(service[key] == [value], "\(key)=\(value)")
        }
        #expect(service["SystemCallFilter"]?.first == "@system-service")
        #expect(service["DynamicUser"] == ["yes"] || service["User"] != nil)
        // SIGTERM drains for up to shutdown_timeout_seconds (30); systemd must wait longer.
        #expect(Int(service["TimeoutStopSec"]?.first ?? "") ?? 0 > 30)
    }

    /// Points ExecStart at a stand-in executable, since verify insists that the binary exists.
    static func verifiableCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let standIn = folder.appendingPathComponent("tocsin")
        try "#!/bin/sh\nexit 0\n".write(to: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn.path)
        let unit = folder.appendingPathComponent("tocsin.service")
        try Repo.text(unitPath).replacingOccurrences(of: Documented.binary, with: standIn.path)
            .write(to: unit, atomically: true, encoding: .utf8)
        return unit
    }

    static let analyze = executable("/usr/bin/systemd-analyze", "/bin/systemd-analyze")

    /// Unknown keys and bad values only warn (exit 0), so any output at all is a failure.
    @Test(.enabled(if: analyze != nil, "systemd-analyze is not installed"))
    func systemdAnalyzeVerifiesIt() throws {
        let unit = try Self.verifiableCopy()
        defer { try? FileManager.default.removeItem(at: unit.deletingLastPathComponent()) }
        let result = try runTool(Self.analyze!, ["verify", "--man=no", unit.path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stdout)\(result.stderr)")
    }

    /// systemd's own exposure score (0 = fully locked down, 10 = unprotected) stays in its "OK" band.
    @Test(.enabled(if: analyze != nil, "systemd-analyze is not installed"))
    func systemdSecurityScoreIsLow() throws {
        let unit = try Self.verifiableCopy()
        defer { try? FileManager.default.removeItem(at: unit.deletingLastPathComponent()) }
        let result = try runTool(Self.analyze!, ["security", "--offline=true", "--no-pager", unit.path])
        try #require(result.status == 0, "\(result.stderr)")
        let score = (result.stdout + result.stderr).firstMatch(of: /Overall exposure level for [^:]+: ([0-9.]+)/).flatMap { Double($0.1) }
        #expect((score ?? 10) <= 2.0)
    }
}

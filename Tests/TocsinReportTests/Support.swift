import Foundation
import Testing
import TocsinRegions
import TocsinRules
@testable import TocsinReport

/// Paths and environment the report tests use.
enum Env {
    static let vars = ProcessInfo.processInfo.environment
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Under `make test` (which sets TOCSIN_TEST_BOOTSTRAP) or CI, a missing tool is a failure,
    /// not a reason to skip: the setup script installs it.
    static let required = vars["CI"] == "true" || !(vars["TOCSIN_TEST_BOOTSTRAP"] ?? "").isEmpty

    /// The `tocsin` binary: $TOCSIN_BIN, else the one built beside this test bundle.
    static var binary: String? {
        if let path = vars["TOCSIN_BIN"], !path.isEmpty { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tocsin").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : nil
    }

    /// `name` on PATH, or nil.
    static func onPath(_ name: String) -> String? {
        for dir in (vars["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func tempFile(_ name: String) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-report-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name)
    }
}

/// A finished process's status and output.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `path` with `arguments` from the repository root; output goes through files, so a big
    /// page cannot fill a pipe and stall the process.
    init(_ path: String, _ arguments: [String], stdin: String? = nil) throws {
        let out = Env.tempFile("stdout"), err = Env.tempFile("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = Env.repoRoot
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let stdin {
            let input = Env.tempFile("stdin")
            try Data(stdin.utf8).write(to: input)
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    }
}

/// Alerts of two regions, with hostile text in a headline.
enum Fixture {
    static let hostile = #"<script>alert("x")</script> Troops & tanks mass at border"#

    static func item(_ id: String, region: String?, severity: Severity, score: Double, time: String, title: String, url: String? = nil) -> AssessmentRecord {
        var object: [String: Any] = [
            "alert_id": "itm-\(id)", "type": "item", "item_id": id, "title": title, "source": "Wire",
            "published_at": time, "region": region as Any? ?? NSNull(), "severity": severity.rawValue, "alert": true,
            "score": score, "rules_version": "sha-test",
            "signals": [["category": "troop_deployment", "rule": "troops", "weight": score, "evidence": "troops", "start": 0, "end": 6]],
        ]
        if let url { object["url"] = url }
        let data = try! JSONSerialization.data(withJSONObject: object)
        return try! JSONDecoder().decode(AssessmentRecord.self, from: data)
    }

    static func change(_ id: String, region: String, _ type: RegionAlert.Kind, from: Severity, to: Severity, index: Double, time: String, driver: String) -> RegionAlert {
        RegionAlert(
            alertID: "reg-\(id)", type: type, region: region, severity: to, previousSeverity: from, score: index, baseline: 1.5,
            surge: type == .escalation, corroboration: 2, stories: 2, items: 3, suppressed: 0,
            drivers: [.init(itemID: "d-\(id)", title: driver, source: "Agency", url: "https://example.org/\(id)", eventTime: time, score: index, corroboration: 2)],
            eventTime: time, windowStart: time, windowEnd: time, rulesVersion: "sha-test")
    }

    static var input: ReportInput {
        ReportInput(
            title: "Test & report",
            itemAlerts: [
                item("a1", region: "india-pakistan", severity: .high, score: 7, time: "2025-05-08T09:00:00Z", title: hostile, url: "https://news.example.com/a1?x=1&y=2"),
                item("a2", region: "india-pakistan", severity: .medium, score: 4, time: "2025-05-08T11:00:00Z", title: "Shelling reported along the Line of Control"),
                item("a3", region: "koreas", severity: .critical, score: 11, time: "2025-05-09T02:00:00Z", title: "Missile lands near coast", url: "javascript:alert(1)"),
                item("a4", region: nil, severity: .medium, score: 3.5, time: "2025-05-09T03:00:00Z", title: "Evacuation advised, region unknown"),
            ],
            regionAlerts: [
                change("r1", region: "india-pakistan", .escalation, from: .none, to: .medium, index: 9, time: "2025-05-08T09:00:00Z", driver: hostile),
                change("r2", region: "india-pakistan", .deEscalation, from: .medium, to: .low, index: 4, time: "2025-05-08T20:00:00Z", driver: "Talks resume"),
                change("r3", region: "koreas", .escalation, from: .none, to: .high, index: 16, time: "2025-05-09T02:00:00Z", driver: "Missile lands near coast"),
                change("r4", region: "koreas", .resolved, from: .high, to: .none, index: 0, time: "2025-05-10T08:00:00Z", driver: "Calm returns"),
            ])
    }
}

/// Checks that every non-void element is closed in order; returns the first problem, or nil.
func tagProblem(_ html: String) -> String? {
    let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track", "wbr"]
    var stack: [String] = []
    var rest = Substring(html)
    while let open = rest.firstIndex(of: "<") {
        guard let close = rest[open...].firstIndex(of: ">") else { return "unclosed <" }
        let tag = rest[rest.index(after: open)..<close]
        rest = rest[rest.index(after: close)...]
        if tag.hasPrefix("!") { continue }
        if tag.hasSuffix("/") { continue }
        let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
        if tag.hasPrefix("/") {
            guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")>" }
            stack.removeLast()
        } else if !void.contains(name) {
            stack.append(name)
        }
    }
    return stack.isEmpty ? nil : "unclosed <\(stack.joined(separator: "> <"))>"
}

/// Every occurrence of `pattern`'s first capture group.
func captures(_ pattern: String, in text: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern)
    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
        Range($0.range(at: 1), in: text).map { String(text[$0]) }
    }
}

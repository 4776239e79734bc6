import Foundation
import Yams

/// Paths and readers shared by the deploy tests. Nothing here can run a container or a cluster:
/// the tests check the artefacts statically, and with the local tools that need no daemon.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }

    /// Regular files directly in a folder (not in sub-folders), by name.
    static func files(in folder: String) throws -> [String] {
        let base = url(folder)
        return try FileManager.default.contentsOfDirectory(atPath: base.path).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: base.appendingPathComponent(name).path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    /// Every YAML file under a folder, recursively, as repository-relative paths.
    static func yamlFiles(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: url(folder).path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .map { "\(folder)/\($0)" }.sorted()
    }
}

/// All documents of a YAML stream; a syntax error anywhere throws.
func yamlDocuments(_ text: String) throws -> [Any] {
    var sequence = try Yams.load_all(yaml: text)
    var documents: [Any] = []
    while let document = sequence.next() { documents.append(document) }
    if let error = sequence.error { throw error }
    return documents
}

func yamlDocuments(file path: String) throws -> [Any] { try yamlDocuments(Repo.text(path)) }

/// Walks a parsed YAML tree: `tree["a", "b", 0]`-style lookups without a cast at each level.
struct Tree {
    let value: Any?
    init(_ value: Any?) { self.value = value }

    subscript(_ keys: Any...) -> Tree {
        var node = value
        for key in keys {
            switch (node, key) {
            case (let map as [String: Any], let name as String): node = map[name]
            case (let list as [Any], let index as Int): node = index < list.count ? list[index] : nil
            default: node = nil
            }
        }
        return Tree(node)
    }

    var string: String? { value.map { "\($0)" } }
    var int: Int? { value as? Int ?? (value as? String).flatMap(Int.init) }
    var bool: Bool? { value as? Bool }
    var map: [String: Any]? { value as? [String: Any] }
    var list: [Any] { value as? [Any] ?? [] }
    var strings: [String] { list.map { "\($0)" } }
    var exists: Bool { value != nil }
}

/// Runs a tool to completion; its outputs are small, so reading one pipe and then the other is safe.
func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// The first of these paths that is an executable file.
func executable(_ candidates: String...) -> String? {
    candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The documented paths: the image, the Compose file, the manifests, the unit and the READMEs agree.
enum Documented {
    static let binary = "/usr/local/bin/tocsin"
    static let config = "/etc/tocsin/tocsin.yaml"
    static let rules = "/etc/tocsin/rules"
    static let runArguments = ["run", "--config", config]
    static let command = "tocsin run --config /etc/tocsin/tocsin.yaml"
    static let metricsPort = 9464
    static let partitions = 6
    static let topics = ["news", "alerts", "news.dlq", "tocsin.signals"]
}

import Foundation

/// The contents of the files a reload reads: the config file and every rule file (a folder's
/// `*.yaml` / `*.yml` files, listed anew each time so added and removed files count as changes).
///
/// Contents, not modification times, are compared: a Kubernetes ConfigMap update swaps a symlink
/// and can leave times unchanged, and an editor's save that rewrites the same bytes is no change.
struct WatchedFiles: Equatable, Sendable {
    private(set) var contents: [String: Data] = [:]

    /// Reads `paths` now; a missing or unreadable file is recorded as absent.
    static func read(_ paths: [String]) -> WatchedFiles {
        var snapshot = WatchedFiles()
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? fm.contentsOfDirectory(atPath: path)) ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                    .map { (path as NSString).appendingPathComponent($0) }
                : [path]
            for file in files { snapshot.contents[file] = fm.contents(atPath: file) ?? Data() }
        }
        return snapshot
    }

    /// The files that differ from `other` (added, removed or changed), sorted, for the log.
    func changedFiles(since other: WatchedFiles) -> [String] {
        Set(contents.keys).union(other.contents.keys).filter { contents[$0] != other.contents[$0] }.sorted()
    }
}

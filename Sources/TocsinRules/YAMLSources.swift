import Foundation

/// Reads the YAML files that rule and rule-test paths name: a path is a file, or a folder whose
/// `*.yaml` / `*.yml` files are read in name order.
public enum YAMLSources {
    /// Every readable file's text, and one problem per path or file that cannot be read. `kind`
    /// names the files in messages ("rule", "test").
    public static func read(paths: [String], kind: String) -> (sources: [RuleSource], problems: [FileProblem]) {
        var sources: [RuleSource] = []
        var problems: [FileProblem] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(FileProblem(path: path, line: 1, column: 1, message: "no such \(kind) file or folder; check the path (relative paths start from the working directory)"))
                continue
            }
            var files = [path]
            if isDirectory.boolValue {
                let names = (try? fm.contentsOfDirectory(atPath: path)) ?? []
                files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
                if files.isEmpty {
                    problems.append(FileProblem(path: path, line: 1, column: 1, message: "folder has no *.yaml or *.yml \(kind) files"))
                }
            }
            for file in files {
                guard let data = fm.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    problems.append(FileProblem(path: file, line: 1, column: 1, message: "cannot read \(kind) file as UTF-8 text; check the file and its permissions"))
                    continue
                }
                sources.append(RuleSource(path: file, text: text))
            }
        }
        return (sources, problems)
    }
}

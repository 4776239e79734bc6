import Foundation
import Testing

/// Every YAML file under deploy/ parses, multi-document ones included.
@Suite struct YAMLFilesTests {
    @Test func everyYAMLFileUnderDeployParses() throws {
        let files = Repo.yamlFiles(under: "deploy")
        #expect(files.count >= 8)
        for file in files {
            let documents = try yamlDocuments(file: file)
            #expect(!documents.isEmpty, "\(file) has no document")
            #expect(documents.allSatisfy { $0 is [String: Any] }, "\(file): every document is a mapping")
        }
    }
}

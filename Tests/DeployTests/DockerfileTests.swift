import Foundation
import Testing

/// One Dockerfile instruction, continuation lines joined.
struct Instruction {
    let keyword: String
    let arguments: String

    /// The JSON (exec) form's words, or nil for the shell form.
    var execForm: [String]? {
        guard let data = arguments.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String]
    }
}

/// deploy/Dockerfile: a build stage on the Swift toolchain, a slim runtime stage, the documented paths.
@Suite struct DockerfileTests {
    static func instructions() throws -> [Instruction] {
        var result: [Instruction] = []
        var pending = ""
        for line in try Repo.text("deploy/Dockerfile").split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || (trimmed.isEmpty && pending.isEmpty) { continue }  // comments, even inside a continuation
            if trimmed.hasSuffix("\\") {
                pending += trimmed.dropLast() + " "
                continue
            }
            let full = pending + trimmed
            pending = ""
            guard !full.isEmpty else { continue }
            let keyword = full.prefix { !$0.isWhitespace }
            result.append(Instruction(keyword: keyword.uppercased(), arguments: full.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)))
        }
        return result
    }

    /// Instructions grouped by stage, each stage starting with its FROM.
    static func stages() throws -> [[Instruction]] {
        try instructions().reduce(into: [[Instruction]]()) { stages, instruction in
            if instruction.keyword == "FROM" { stages.append([instruction]) } else if !stages.isEmpty { stages[stages.count - 1].append(instruction) }
        }
    }

    @Test func buildsWithSwiftAndRunsOnSlimDebianWithNewEnoughLibraries() throws {
        let stages = try Self.stages()
        try #require(stages.count >= 2)
        let build = stages[0], runtime = stages[stages.count - 1]
        #expect(build[0].arguments.hasPrefix("swift:6."))
        #expect(build[0].arguments.hasSuffix(" AS build"))
        let buildRuns = build.filter { $0.keyword == "RUN" }.map(\.arguments).joined(separator: "\n")
        #expect(buildRuns.contains("swift build -c release --static-swift-stdlib --product tocsin"))
        #expect(buildRuns.contains("librdkafka-dev") && buildRuns.contains("libhyperscan-dev"))
        #expect(buildRuns.contains("--atleast-version=2.2 rdkafka"))
        // Debian 13: librdkafka 2.8 (>= 2.2) and a glibc newer than the Ubuntu 24.04 build stage's.
        #expect(runtime[0].arguments.hasPrefix("debian:trixie-slim"))
        let runtimeRuns = runtime.filter { $0.keyword == "RUN" }.map(\.arguments).joined(separator: "\n")
        #expect(runtimeRuns.contains("apt-get install"))
        #expect(runtimeRuns.contains("librdkafka1") && runtimeRuns.contains("libhyperscan5"))
        #expect(runtimeRuns.contains("dpkg --compare-versions \"$v\" ge 2.2"))
    }

    @Test func installsTheBinaryConfigAndRulesAtTheDocumentedPaths() throws {
        let runtime = try #require(try Self.stages().last)
        let copies = runtime.filter { $0.keyword == "COPY" }.map { $0.arguments.split(separator: " ").map(String.init) }
        #expect(copies.contains { $0.first == "--from=build" && $0.last == Documented.binary })
        #expect(copies.contains { $0 == ["deploy/config/tocsin.yaml", Documented.config] })
        #expect(copies.contains { $0 == ["Config/rules/", Documented.rules + "/"] })
        for copy in copies where !copy[0].hasPrefix("--from") {
            #expect(Repo.exists(copy[0]), "COPY source \(copy[0]) exists in the repository")
        }
        // The build fails on a bad config, a bad rule or a missing shared library.
        #expect(runtime.contains { $0.keyword == "RUN" && $0.execForm == [Documented.binary, "check", "--config", Documented.config] })
    }

    @Test func entrypointRunsTheDaemonAsANonRootUser() throws {
        let runtime = try #require(try Self.stages().last)
        let entrypoint = try #require(runtime.last { $0.keyword == "ENTRYPOINT" }?.execForm)
        let command = try #require(runtime.last { $0.keyword == "CMD" }?.execForm)
        #expect(entrypoint + command == [Documented.binary] + Documented.runArguments)
        let user = try #require(runtime.last { $0.keyword == "USER" }?.arguments)
        let uid = user.split(separator: ":").first.flatMap { Int($0) }
        #expect((uid ?? 0) > 0, "numeric, so runAsNonRoot can check it")
        #expect(runtime.contains { $0.keyword == "ENV" && $0.arguments == "TOCSIN_CONFIG=\(Documented.config)" })
        #expect(runtime.contains { $0.keyword == "EXPOSE" && $0.arguments == "\(Documented.metricsPort)" })
    }

    @Test func hyperscansArchitectureLimitIsStated() throws {
        let text = try Repo.text("deploy/Dockerfile")
        #expect(text.contains("amd64 only"))
        #expect(try Repo.text("deploy/README.md").contains("amd64"))
    }

    /// The top-level README and deploy/README.md document exactly the paths the image uses.
    @Test(arguments: ["README.md", "deploy/README.md"])
    func readmeDocumentsTheImagePaths(path: String) throws {
        let text = try Repo.text(path)
        for expected in [Documented.binary, Documented.config, Documented.rules, Documented.command, "docker build -f deploy/Dockerfile"] {
            #expect(text.contains(expected), "\(path) mentions \(expected)")
        }
    }
}

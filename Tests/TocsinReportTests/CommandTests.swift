import Foundation
import Testing

/// `tocsin report` end to end, on the sample files.
@Suite struct CommandTests {
    /// The binary, or nil to skip; under `make test` or CI a missing binary fails.
    static func binary() -> String? {
        if let binary = Env.binary { return binary }
        if Env.required { Issue.record("no tocsin binary: set TOCSIN_BIN or build it (swift build)") }
        return nil
    }

    @Test func fromNews() throws {
        guard let tocsin = Self.binary() else { return }
        let out = Env.tempFile("news.html")
        let run = try Run(tocsin, ["report", "--news", "samples/news.jsonl", "-o", out.path, "--title", "Samples <news>"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOf: out, encoding: .utf8)
        #expect(page.contains("<title>Samples &lt;news&gt;</title>"))
        #expect(page.contains("<h2>india-pakistan</h2>"))
        #expect(page.contains(#"<polyline class="index""#))
        #expect(tagProblem(page) == nil)
        // Deterministic: the same news gives the same bytes.
        let again = try Run(tocsin, ["report", "--news", "samples/news.jsonl", "--title", "Samples <news>"])
        #expect(again.stdout == page)
    }

    @Test func fromScoreOutput() throws {
        guard let tocsin = Self.binary() else { return }
        for args in [["score", "--regions", "--all"], ["score", "--regions"], ["score"]] {
            let scored = try Run(tocsin, args + ["samples/dev-labelled.jsonl"])
            #expect(scored.status == 0, "\(scored.stderr)")
            let report = try Run(tocsin, ["report", "--since", "2022-01-01T00:00:00Z"], stdin: scored.stdout)
            #expect(report.status == 0, "\(args): \(report.stderr)")
            #expect(report.stdout.contains("Source: alert records from stdin"))
            #expect(report.stdout.contains("<b>Period</b> 2022-01-01 00:00"))
            #expect(tagProblem(report.stdout) == nil)
            if args.contains("--regions") { #expect(report.stdout.contains(#"<path class="change""#), "\(args)") }
            if args.contains("--all") || args == ["score"] { #expect(report.stdout.contains(#"<circle class="item""#), "\(args)") }
        }
    }

    @Test func newsGivenAsAlertsSaysWhatToDo() throws {
        guard let tocsin = Self.binary() else { return }
        let run = try Run(tocsin, ["report", "samples/news.jsonl"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("use --news FILE"))
        let bad = try Run(tocsin, ["report", "--since", "yesterday", "samples/news.jsonl"])
        #expect(bad.status != 0 && bad.stderr.contains("RFC 3339"))
    }
}

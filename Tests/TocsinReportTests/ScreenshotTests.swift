import Foundation
import Testing
import TocsinRegions
import TocsinRules
@testable import TocsinReport

/// The page of a realistic run, rendered by headless Chromium: it must show something, in colour.
@Suite struct ScreenshotTests {
    @Test func chromiumRendersThePage() throws {
        guard let chromium = Env.onPath("chromium") ?? Env.onPath("chromium-browser") else {
            if Env.required { Issue.record("chromium is not installed: run scripts/setup.sh (apt-get install chromium)") }
            return
        }
        let (replay, rules) = try ReplayTests.replay()
        let html = ReportPage.html(ReportInput(
            title: "Samples", itemAlerts: replay.itemAlerts, regionAlerts: replay.regionAlerts, samples: replay.samples,
            sourceNote: "samples/news.jsonl (rules \(rules.version))"))
        let page = Env.tempFile("report.html"), png = Env.tempFile("report.png")
        try Data(html.utf8).write(to: page)
        let shot = try Run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=3000", "--screenshot=\(png.path)", "--window-size=1280,1600", page.absoluteString,
        ])
        #expect(shot.status == 0, "\(shot.stderr)")
        #expect(FileManager.default.fileExists(atPath: png.path), "no screenshot: \(shot.stderr)")
        guard let python = Env.onPath("python3") else {
            Issue.record("python3 is needed to read the screenshot")
            return
        }
        let stats = try Run(python, [Env.repoRoot.appendingPathComponent("scripts/png-stats.py").path, png.path])
        #expect(stats.status == 0, "\(stats.stderr)")
        struct Stats: Decodable { var width: Int; var height: Int; var non_white: Double; var colours: Int }
        let figures = try JSONDecoder().decode(Stats.self, from: Data(stats.stdout.utf8))
        #expect(figures.width == 1280 && figures.height == 1600)
        // Bands, curves, markers and text: a blank or unstyled page has almost no ink and few colours.
        #expect(figures.non_white > 0.15, "\(figures)")
        #expect(figures.colours > 40, "\(figures)")
    }
}

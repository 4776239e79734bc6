import Testing
@testable import TocsinRules

@Suite struct PhraseCompilerTests {
    func literals(_ phrase: String) throws -> [[String]] {
        let plan = try PhraseCompiler.compile(phrase).get()
        return plan.segments.map { $0.map { $0.text + ($0.openEnd ? "*" : "") }.sorted() }
    }

    func error(_ phrase: String) -> String? {
        if case let .failure(e) = PhraseCompiler.compile(phrase) { return e.message }
        return nil
    }

    @Test func expandsAlternativesAndOptionals() throws {
        #expect(try literals("deploy(s|ed)? troops?") == [[
            "deploy troop", "deploy troops", "deployed troop", "deployed troops", "deploys troop", "deploys troops",
        ]])
        #expect(try literals("carrier (strike )?group") == [["carrier group", "carrier strike group"]])
        #expect(try literals("(UN|U.N.) Security Council") == [["U.N. Security Council", "UN Security Council"]])
    }

    @Test func hyphensAndSpacesNormalise() throws {
        #expect(try literals("build-up") == [["build up", "buildup"]])
        #expect(try literals("  air   strike ") == [["air strike"]])
        #expect(try literals("Pakistan’s army") == [["Pakistan's army"]])
    }

    @Test func gapsSplitSegments() throws {
        let plan = try PhraseCompiler.compile("deployed ~3 (troops|forces) to ~2 border").get()
        #expect(plan.gaps == [3, 2])
        #expect(try literals("deployed ~3 (troops|forces) to ~2 border") == [["deployed"], ["forces to", "troops to"], ["border"]])
    }

    @Test func starMarksAnOpenEnd() throws {
        #expect(try literals("evacuat*") == [["evacuat*"]])
        #expect(try literals("condemn* ~3 attack") == [["condemn*"], ["attack"]])
    }

    @Test func capitalsOnlyPhrasesAreCaseSensitive() throws {
        #expect(try PhraseCompiler.compile("US").get().caseSensitive)
        #expect(try !PhraseCompiler.compile("United States").get().caseSensitive)
    }

    @Test func rejectsWhatItCannotMatch() {
        #expect(error("(a|b")?.contains("unclosed") == true)
        #expect(error("a|b")?.contains("only allowed inside parentheses") == true)
        #expect(error("~3 troops")?.contains("between two words") == true)
        #expect(error("troops ~3")?.contains("between two words") == true)
        #expect(error("troops ~30 x")?.contains("from 1 to 20") == true)
        #expect(error("(a ~2 b)")?.contains("inside parentheses") == true)
        #expect(error("(a|)")?.contains("empty alternative") == true)
        #expect(error("x*y")?.contains("'*' must end") == true)
        #expect(error("*x")?.contains("'*' must end a word") == true)
        #expect(error("a[bc]")?.contains("regex") == true)
        #expect(error("(a)?")?.contains("empty") == true)
        #expect(error("")?.contains("empty") == true)
    }
}

import ArgumentParser

/// The `tocsin` command: a daemon that watches news for signs that a conflict is escalating.
@main
struct Tocsin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a stream of news for signs that a conflict is escalating.",
        subcommands: [Run.self, Score.self, Check.self, Produce.self, Tail.self, RuleTest.self, Eval.self, Report.self]
    )
}

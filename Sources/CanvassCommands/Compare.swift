import ArgumentParser
import CanvassForms
import CanvassReports
import CanvassStats
import Foundation

/// `canvass summary`: every question's answers, counted and described.
struct Summary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count and describe every question's answers.",
        discussion: """
            Choices: counts and percents of valid answers with Wilson intervals; scales and matrix statements: \
            n, mean, SD, median and quartiles (type 7), top-2 and bottom-2 box and net; numbers: n, mean, SD, \
            min, quartiles, max; multiple choice: % of cases and % of responses; text: how many answered \
            (the answers only with --show-text). Don't know, prefer not to say and unanswered are counted apart \
            and are never in a base. A repeat section's questions count one row per entry.
            """)

    @OptionGroup var options: AnalysisOptions

    @OptionGroup var out: TableOutputOptions

    @Flag(help: "Show text answers (they may identify people or organisations).")
    var showText = false

    func run() async throws {
        try out.write(try await options.comparison(keepsText: showText))
    }
}

/// `canvass compare`: every question compared between groups, with the test its type calls for.
struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare every question's answers between groups, with tests and effect sizes.",
        discussion: """
            Groups are the answers to --by (a select_one, yes_no or likert question, or formVersion for wave on \
            wave). Choices: chi-square (Fisher's exact for a sparse 2 × 2) and Cramér's V; scales: Mann–Whitney \
            U and rank-biserial r, or Kruskal–Wallis and ε² for 3+ groups; numbers: Welch's t and Cohen's d, or \
            Welch's ANOVA; with 3+ groups every pair too, adjusted by Holm (or --adjust bh). Multiple choice: \
            each option tested ticked or not. When --by is in a repeat section, its entries are compared.
            """)

    @OptionGroup var options: AnalysisOptions

    @OptionGroup var out: TableOutputOptions

    @Option(help: "The question whose answers make the groups, or formVersion.")
    var by: String

    @Option(help: "Only these groups, in this order (comma-separated values of --by).")
    var groups: String?

    @Option(help: "How pairwise p-values are adjusted: holm or bh.")
    var adjust = "holm"

    @Flag(help: "Also adjust each question's p-value across all questions (Benjamini–Hochberg).")
    var adjustQuestions = false

    func validate() throws {
        guard ComparisonMethod.Adjustment(rawValue: adjust) != nil else {
            throw ValidationError("--adjust must be holm or bh")
        }
    }

    func run() async throws {
        let chosen = AnalysisOptions.groupList(groups)
        if let chosen, chosen.count < 2 { throw CommandFailure.badInput("--groups needs at least two groups") }
        let comparison = try await options.comparison(
            by: by, groups: chosen, adjust: ComparisonMethod.Adjustment(rawValue: adjust) ?? .holm,
            adjustAcrossQuestions: adjustQuestions)
        if comparison.groups.count < 2 {
            Console.current.errorLine("warning: fewer than two groups have responses, so nothing is tested")
        }
        try out.write(comparison)
    }
}

import ArgumentParser
import Foundation
import TLConfig

/// `tlbench`: times tlrun's workloads (release build) and prints a table or JSON.
@main
struct TLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tlbench",
        abstract: "Benchmark tlrun: median time of each workload after warm-up."
    )

    @Option(help: "Run only benchmarks whose name contains this text.")
    var filter: String?

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    @Option(help: "Timed runs per benchmark (median reported).")
    var runs: Int = 21

    @Option(help: "The repository root (for the pipelines the validate benchmarks read).")
    var root: String = FileManager.default.currentDirectoryPath

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let selected = ValidateBenchmarks.all(root: root).filter { filter == nil || $0.name.contains(filter!) }
        guard !selected.isEmpty else { throw ValidationError("no benchmark matches '\(filter ?? "")'") }
        let results = selected.map { BenchmarkRunner.measure($0, warmup: 3, runs: runs) }
        if format == "json" {
            print(JSONValue.array(results.map(\.json)).rendered())
            return
        }
        var rows = [["benchmark", "mode", "batch", "median", "images/s", "peak RSS"]]
        for result in results {
            rows.append([result.benchmark.name, result.benchmark.mode, result.benchmark.batch > 0 ? "\(result.benchmark.batch)" : "-",
                         String(format: "%.2f ms", result.medianSeconds * 1000),
                         result.imagesPerSecond.map { String(format: "%.0f", $0) } ?? "-",
                         String(format: "%.0f MB", result.peakRSSMegabytes)])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
        for row in rows {
            print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }
}

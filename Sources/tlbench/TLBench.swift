import ArgumentParser
import Foundation
import TLConfig
import TLEngine

/// `tlbench`: times tlrun's workloads (release build) and prints a table or JSON.
///
/// Each benchmark runs in a child process of its own, so that its peak memory is its own.
@main
struct TLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tlbench",
        abstract: "Benchmark tlrun: median time of each workload after warm-up, images/s, GFLOP/s, peak memory."
    )

    @Option(help: "Run only benchmarks whose name contains this text (e.g. seed-cnn, validate, resnet18-64).")
    var filter: String?

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    @Option(help: "Timed runs per benchmark (median reported).")
    var runs: Int = 11

    @Option(help: "Compute threads (0 = one per core).")
    var threads: Int = 0

    @Option(help: "The repository root (for the pipelines the validate benchmarks read).")
    var root: String = FileManager.default.currentDirectoryPath

    @Option(help: ArgumentHelp("Run one benchmark (by index) in this process and print its JSON.", visibility: .private))
    var child: Int?

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard threads >= 0 else { throw ValidationError("--threads must be 0 or more") }
    }

    private var benchmarks: [Benchmark] { ValidateBenchmarks.all(root: root) + EngineBenchmarks.all }

    func run() throws {
        ComputeThreads.set(threads)
        if let child {
            let result = try BenchmarkRunner.measure(benchmarks[child], warmup: 3, runs: runs)
            print(result.json.rendered(pretty: false))
            return
        }
        let selected = benchmarks.indices.filter { filter == nil || benchmarks[$0].name.contains(filter!) }
        guard !selected.isEmpty else { throw ValidationError("no benchmark matches '\(filter ?? "")'") }
        let results = try selected.map(runChild)
        let peak = selected.contains { benchmarks[$0].flopsPerRun > 0 } ? MatrixPeak.measure() : nil
        if format == "json" {
            print(JSONValue.array(results.map(\.json)).rendered())
        } else {
            print(BenchmarkTable.text(results, threads: ComputeThreads.current, matrixPeak: peak))
        }
    }

    /// Runs benchmark `index` in a child process and reads its result.
    private func runChild(_ index: Int) throws -> BenchmarkResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--child", "\(index)", "--runs", "\(runs)", "--threads", "\(threads)", "--root", root]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let result = BenchmarkResult(json: object) else {
            throw ValidationError("benchmark \(benchmarks[index].name) failed (exit \(process.terminationStatus))")
        }
        return result
    }
}

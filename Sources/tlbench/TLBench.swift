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

    @Option(
        help:
            "Run only benchmarks whose name matches this regular expression anywhere (e.g. seed-cnn, validate, '^resnet50-224$')."
    )
    var filter: String?

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    @Option(help: "Timed runs per benchmark (median reported).")
    var runs: Int = 11

    @Option(help: "Compute threads (0 = one per core).")
    var threads: Int = 0

    @Option(help: "The repository root (for the pipelines the validate benchmarks read).")
    var root: String = FileManager.default.currentDirectoryPath

    @Option(
        help: ArgumentHelp("Run one benchmark (by index) in this process and print its JSON.", visibility: .private))
    var child: Int?

    @Flag(
        help: "Count heap allocations in steady-state engine steps (after warm-up) instead of timing; exits 1 if any.")
    var allocations = false

    @Flag(
        help: "Measure on a loaded machine: a busy competitor takes one core's worth of time while the benchmarks run.")
    var loaded = false

    @Flag(
        name: .customLong("data-parallel"),
        help:
            "Measure data-parallel training: under 'mpirun -np N' the gradients' all-reduce and training steps on N processes; without it the same steps in one."
    )
    var dataParallel = false

    /// Makes the compute threads wait passively (as tlrun does), then parses and runs.
    static func main() {
        ThreadWaiting.preferPassive()
        FreedMemory.returnToSystem()
        main(nil)
    }

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard threads >= 0 else { throw ValidationError("--threads must be 0 or more") }
    }

    private var benchmarks: [Benchmark] {
        ValidateBenchmarks.all(root: root) + EngineBenchmarks.all + LoaderBenchmarks.all + RunnerBenchmarks.all
            + AdviseBenchmarks.all + ExportBenchmarks.all
    }

    func run() throws {
        ComputeThreads.set(threads)
        if dataParallel { return try DataParallelBenchmarks.run(runs: runs) }
        if let child {
            if allocations {
                let counts = try AllocationCount.measure(try benchmarks[child].setUp(), warmup: 3, steps: runs)
                print("{\"mallocs\": \(counts.mallocs), \"library_calls\": \(counts.libraryCalls), \"steps\": \(runs)}")
            } else {
                print(
                    try BenchmarkRunner.measure(benchmarks[child], warmup: 3, runs: runs).json.rendered(pretty: false))
            }
            return
        }
        let pattern = try filter.map { text in
            do { return try Regex(text) } catch {
                throw ValidationError("--filter '\(text)' is not a regular expression: \(error)")
            }
        }
        let selected = benchmarks.indices.filter { index in pattern.map { benchmarks[index].name.contains($0) } ?? true
        }
        guard !selected.isEmpty else { throw ValidationError("no benchmark matches '\(filter ?? "")'") }
        if allocations {
            var allocating = 0
            for index in selected where benchmarks[index].flopsPerRun > 0 {
                let counts = try childOutput(index, environment: ["LD_PRELOAD": AllocationCount.interposerPath])
                let mallocs = counts["mallocs"] as? Int ?? -1
                if mallocs != 0 { allocating += 1 }
                print(
                    "\(benchmarks[index].name) \(benchmarks[index].mode): \(mallocs) allocations outside oneDNN "
                        + "in \(runs) steady-state steps (\(counts["library_calls"] as? Int ?? -1) oneDNN primitive calls)"
                )
            }
            if allocating > 0 { throw ExitCode(1) }
            return
        }
        let competitor = loaded ? BusyCompetitor() : nil
        let results = try selected.map(runChild)
        competitor?.stop()
        let peak = selected.contains { benchmarks[$0].flopsPerRun > 0 } ? try MatrixPeak.measure() : nil
        if format == "json" {
            print(JSONValue.array(results.map(\.json)).rendered())
        } else {
            print(BenchmarkTable.text(results, threads: ComputeThreads.current, matrixPeak: peak))
            print(
                "oneDNN \(OneDNNVersion.text), instruction set \(InstructionSet.current)"
                    + (loaded ? "; loaded: a busy competitor took one core's worth of time" : "; idle machine"))
        }
    }

    /// Runs benchmark `index` in a child process and reads its result.
    private func runChild(_ index: Int) throws -> BenchmarkResult {
        guard let result = BenchmarkResult(json: try childOutput(index, environment: [:])) else {
            throw ValidationError("benchmark \(benchmarks[index].name) printed no result")
        }
        return result
    }

    /// Runs this program on benchmark `index` in a child process (with extra `environment`) and parses its JSON line.
    private func childOutput(_ index: Int, environment: [String: String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments =
            ["--child", "\(index)", "--runs", "\(runs)", "--threads", "\(threads)", "--root", root]
            + (allocations ? ["--allocations"] : [])
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw ValidationError("benchmark \(benchmarks[index].name) failed (exit \(process.terminationStatus))")
        }
        return object
    }
}

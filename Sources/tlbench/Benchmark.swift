import Foundation
import TLConfig

/// One benchmark: a named workload timed after warm-up as the median of several runs.
struct Benchmark {
    var name: String
    var mode: String
    var batch: Int
    /// Runs the workload once.
    var body: () -> Void
}

/// The measured result of one benchmark.
struct BenchmarkResult {
    var benchmark: Benchmark
    var medianSeconds: Double
    var runs: Int
    var peakRSSMegabytes: Double

    /// Images per second when the workload processes a batch, else nil.
    var imagesPerSecond: Double? { benchmark.batch > 0 ? Double(benchmark.batch) / medianSeconds : nil }

    /// The result as a JSON object (`name`, `mode`, `batch`, `median_ms`, `images_per_s`, `peak_rss_mb`, `runs`).
    var json: JSONValue {
        .object([
            ("name", .string(benchmark.name)), ("mode", .string(benchmark.mode)), ("batch", .int(benchmark.batch)),
            ("median_ms", .double(medianSeconds * 1000)),
            ("images_per_s", imagesPerSecond.map(JSONValue.double) ?? .null),
            ("peak_rss_mb", .double(peakRSSMegabytes)), ("runs", .int(runs)),
        ])
    }
}

/// Times benchmarks with a monotonic clock.
enum BenchmarkRunner {
    /// Runs `benchmark` `warmup` times untimed, then `runs` times, and reports the median.
    static func measure(_ benchmark: Benchmark, warmup: Int, runs: Int) -> BenchmarkResult {
        for _ in 0..<warmup { benchmark.body() }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            benchmark.body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return BenchmarkResult(benchmark: benchmark, medianSeconds: times[times.count / 2], runs: runs,
                               peakRSSMegabytes: peakResidentMegabytes())
    }

    /// The process's peak resident set size (VmHWM) in MB.
    static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }
}

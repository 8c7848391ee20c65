import Foundation
import TLConfig

/// One benchmark: a named workload, set up once, then timed after warm-up as the median of several runs.
struct Benchmark {
    var name: String
    var mode: String
    var batch: Int
    /// Floating-point operations one run performs (0 when not meaningful).
    var flopsPerRun: Double
    /// Builds the workload and returns the body one run executes.
    var setUp: () throws -> () throws -> Void
}

/// The measured result of one benchmark.
struct BenchmarkResult {
    var name: String
    var mode: String
    var batch: Int
    var medianSeconds: Double
    var runs: Int
    var flopsPerRun: Double
    /// Peak resident memory of the process, and what the workload added over the resident size before it started.
    var peakRSSMegabytes: Double
    var addedRSSMegabytes: Double

    /// Images per second when the workload processes a batch, else nil.
    var imagesPerSecond: Double? { batch > 0 ? Double(batch) / medianSeconds : nil }

    /// GFLOP/s when the workload's operation count is known, else nil.
    var gigaflopsPerSecond: Double? { flopsPerRun > 0 ? flopsPerRun / medianSeconds / 1e9 : nil }

    /// The result as a JSON object.
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("mode", .string(mode)), ("batch", .int(batch)),
            ("median_ms", .double(medianSeconds * 1000)),
            ("images_per_s", imagesPerSecond.map(JSONValue.double) ?? .null),
            ("gflops_per_s", gigaflopsPerSecond.map(JSONValue.double) ?? .null),
            ("peak_rss_mb", .double(peakRSSMegabytes)), ("added_rss_mb", .double(addedRSSMegabytes)),
            ("runs", .int(runs)),
        ])
    }

    /// Reads a result back from the JSON object a child process printed.
    init?(json object: [String: Any]) {
        guard let name = object["name"] as? String, let mode = object["mode"] as? String,
            let batch = object["batch"] as? Int,
            let median = object["median_ms"] as? Double, let runs = object["runs"] as? Int,
            let peak = object["peak_rss_mb"] as? Double, let added = object["added_rss_mb"] as? Double
        else { return nil }
        self.init(
            name: name, mode: mode, batch: batch, medianSeconds: median / 1000, runs: runs,
            flopsPerRun: (object["gflops_per_s"] as? Double).map { $0 * 1e9 * median / 1000 } ?? 0,
            peakRSSMegabytes: peak, addedRSSMegabytes: added)
    }

    init(
        name: String, mode: String, batch: Int, medianSeconds: Double, runs: Int, flopsPerRun: Double,
        peakRSSMegabytes: Double, addedRSSMegabytes: Double
    ) {
        self.name = name
        self.mode = mode
        self.batch = batch
        self.medianSeconds = medianSeconds
        self.runs = runs
        self.flopsPerRun = flopsPerRun
        self.peakRSSMegabytes = peakRSSMegabytes
        self.addedRSSMegabytes = addedRSSMegabytes
    }
}

/// Times benchmarks with a monotonic clock and reads memory use from /proc.
enum BenchmarkRunner {
    /// Sets `benchmark` up, runs it `warmup` times untimed, then `runs` times, and reports the median.
    static func measure(_ benchmark: Benchmark, warmup: Int, runs: Int) throws -> BenchmarkResult {
        let baseline = memory("VmRSS:")
        let body = try benchmark.setUp()
        for _ in 0..<warmup { try body() }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        let peak = memory("VmHWM:")
        return BenchmarkResult(
            name: benchmark.name, mode: benchmark.mode, batch: benchmark.batch, medianSeconds: times[times.count / 2],
            runs: runs, flopsPerRun: benchmark.flopsPerRun, peakRSSMegabytes: peak, addedRSSMegabytes: peak - baseline)
    }

    /// A memory figure of this process from /proc/self/status (`VmRSS:`, `VmHWM:`) in MB.
    static func memory(_ field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}

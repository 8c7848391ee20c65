import Foundation
import TLGraph

/// The table `tlbench` prints.
enum BenchmarkTable {
    /// Results as aligned columns, with the thread count and the matrix-product peak they are compared with.
    static func text(_ results: [BenchmarkResult], threads: Int, matrixPeak: Double?) -> String {
        var rows = [
            ["benchmark", "mode", "batch", "median", "images/s", "GFLOP/s", "of peak", "peak RSS", "added RSS"]
        ]
        for r in results {
            rows.append([
                r.name, r.mode, r.batch > 0 ? "\(r.batch)" : "-", String(format: "%.2f ms", r.medianSeconds * 1000),
                r.imagesPerSecond.map { String(format: "%.0f", $0) } ?? "-",
                r.gigaflopsPerSecond.map { String(format: "%.0f", $0) } ?? "-",
                zip(r.gigaflopsPerSecond, matrixPeak).map { String(format: "%.0f%%", 100 * $0 / $1) } ?? "-",
                String(format: "%.0f MB", r.peakRSSMegabytes), String(format: "%.0f MB", r.addedRSSMegabytes),
            ])
        }
        var out = SummaryText.table(rows) + "threads: \(threads)"
        if let matrixPeak {
            out += String(format: "; fp32 matrix-product peak (oneDNN sgemm 2048³): %.0f GFLOP/s", matrixPeak)
        }
        out += "\nGFLOP/s counts 2 FLOPs per multiply-accumulate, and a training step as 3 forward passes."
        return out
    }
}

/// Both values when both exist.
func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

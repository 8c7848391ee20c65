import Foundation

/// The files of a sweep folder: `sweep.json` (every trial), `table.md` (a row per configuration, mean ± spread over
/// seeds, the best marked), `accuracy.svg` and `report.md`.
public enum SweepReport {
    /// Writes (or rewrites) every file of the sweep folder `folder`.
    public static func write(_ results: SweepResults, to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try RunFiles.write(encoder.encode(results), to: .run(folder: folder, file: .sweepResults))
        try RunFiles.write(table(results), to: .run(folder: folder, file: .sweepTable))
        try RunFiles.write(SweepChart.svg(results), to: .run(folder: folder, file: .sweepChart))
        let best = results.best
        let report = """
            # Sweep \(results.sweep)

            \(results.trials.count) trials of `\(results.pipeline)` from `\(results.file)`, varying \(results.keys.map { "`\($0)`" }.joined(separator: ", ")); \
            \(results.trials.filter { $0.status == .failed }.count) failed, \(results.trials.filter { $0.status == .reused }.count) reused from earlier runs, \
            \(results.trials.filter { $0.sharedFeatures == true }.count) took their frozen features from an earlier trial\
            \(results.processes.map { ", split across \($0) processes (mpirun)" } ?? "").\
            \(results.constants.isEmpty ? "" : " Every trial sets " + results.constants.map { "`\($0.key)=\($0.value)`" }.joined(separator: ", ") + ".")
            Mean ± standard deviation over the trials of each configuration (they differ in `seed` only); the best mean validation accuracy \
            (test accuracy when there is no validation split) is marked.

            \(table(results))
            ![test accuracy](accuracy.svg)
            \(best.map { "Best: " + zip(results.configurationKeys, $0.values).map { "`\($0)=\($1)`" }.joined(separator: ", ") + "." } ?? "")

            """
        try RunFiles.write(report, to: .run(folder: folder, file: .report))
    }

    /// The Markdown table: the varied values but the seed, then mean ± spread of validation and test accuracy, trained
    /// parameters, seconds per trial, and the trials behind each row.
    public static func table(_ results: SweepResults) -> String {
        func cell(_ statistics: (mean: Double, spread: Double, count: Int)?, _ format: String) -> String {
            guard let statistics else { return "-" }
            return String(format: format, statistics.mean)
                + (statistics.count > 1 ? " ± " + String(format: format, statistics.spread) : "")
        }
        let best = results.best?.values
        var lines = [
            "| "
                + (results.configurationKeys + [
                    "val accuracy", "test accuracy", "trained parameters", "seconds", "trials",
                ]).joined(separator: " | ") + " |",
            "|" + String(repeating: "---|", count: results.configurationKeys.count + 5),
        ]
        for configuration in results.configurations {
            let failed = configuration.trials.filter { $0.status == .failed }.count
            let marker = configuration.values == best ? " **best**" : ""
            lines.append(
                "| "
                    + (configuration.values.map { "`\($0)`" } + [
                        cell(configuration.statistics { $0.valAccuracy }, "%.4f"),
                        cell(configuration.statistics { $0.testAccuracy }, "%.4f") + marker,
                        configuration.trials.compactMap(\.trainableParameters).first.map { "\($0)" } ?? "-",
                        cell(configuration.statistics { $0.seconds }, "%.1f"),
                        "\(configuration.trials.count)" + (failed > 0 ? " (\(failed) failed)" : ""),
                    ]).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

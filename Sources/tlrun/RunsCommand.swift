import ArgumentParser
import Foundation
import TLGraph
import TLRunner

/// `tlrun runs`: lists the runs in an output folder; `tlrun runs compare A B` shows how two runs differ.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List runs (newest last) with their status and results.",
        subcommands: [ListRuns.self, CompareRuns.self],
        defaultSubcommand: ListRuns.self
    )
}

/// `tlrun runs [PIPELINE]`: one line per run.
struct ListRuns: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs, newest last.")

    @Argument(help: "Only the runs of this pipeline name.")
    var pipeline: String?

    @Option(help: "The output folder the runs are in.")
    var dir = "runs"

    func run() throws {
        let folders = RunFolder.all(outputDir: dir, pipelineName: pipeline)
        let sweeps = SweepResults.folders(outputDir: dir).filter {
            pipeline == nil || ($0 as NSString).deletingLastPathComponent.hasSuffix("/" + pipeline!)
        }
        defer { listSweeps(sweeps) }
        guard !folders.isEmpty else {
            emit(
                "no runs in \(dir)" + (pipeline.map { " for '\($0)'" } ?? "")
                    + "; start one with 'tlrun run PIPELINE'\n")
            return
        }
        var rows = [["run", "status", "epochs", "test acc", "seconds", "git"]]
        var gone: [String] = [], unreadable: [String] = []
        for folder in folders {
            let manifest: RunManifest
            do {
                manifest = try RunManifest.read(folder: folder)
            } catch {
                rows.append([folder, "unreadable", "-", "-", "-", "-"])
                unreadable.append("\(error)")
                continue
            }
            let summary = try? RunSummary.read(folder: folder)
            let status = manifest.observedStatus
            if status != manifest.status { gone.append(folder) }
            rows.append([
                folder, status.rawValue, summary.map { "\($0.epochs)" } ?? "-",
                summary?.test.map { String(format: "%.4f", $0.accuracy) } ?? "-",
                summary.map { String(format: "%.1f", $0.seconds) } ?? "-",
                manifest.git.map { String($0.commit.prefix(8)) + ($0.dirty ? "+" : "") } ?? "-",
            ])
        }
        emit(SummaryText.table(rows))
        unreadable.forEach { emit($0 + "\n") }
        for folder in gone {
            emit("\(folder): interrupted (its process is gone); resume with: tlrun resume \(folder)\n")
        }
    }
}

extension ListRuns {
    /// One line per sweep folder: trials, failures, the best configuration and its test accuracy over seeds.
    func listSweeps(_ folders: [String]) {
        let rows = folders.compactMap { folder -> [String]? in
            guard let results = try? SweepResults.read(folder: folder) else { return nil }
            let best = results.best
            let accuracy =
                best?.statistics { $0.testAccuracy }.map { String(format: "%.4f ± %.4f", $0.mean, $0.spread) } ?? "-"
            return [
                folder, "\(results.trials.count)", "\(results.trials.filter { $0.status == .failed }.count)",
                best.map { zip(results.configurationKeys, $0.values).map { "\($0)=\($1)" }.joined(separator: ", ") }
                    ?? "-", accuracy,
            ]
        }
        guard !rows.isEmpty else { return }
        emit(
            "\nsweeps:\n" + SummaryText.table([["sweep", "trials", "failed", "best", "test acc (mean ± s.d.)"]] + rows))
    }
}

/// `tlrun runs compare A B`: settings and metrics that differ.
struct CompareRuns: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Show the settings and results that differ between two runs.")

    @Argument(help: "The first run folder (a sweep folder: its best trial).")
    var first: String

    @Argument(help: "The second run folder (a sweep folder: its best trial).")
    var second: String

    func run() throws {
        let comparison: RunComparison
        let (first, second) = (Self.runFolder(self.first), Self.runFolder(self.second))
        do {
            comparison = try RunComparison(first, second)
        } catch {
            report(error)
            throw ExitCode(1)
        }
        emit("A: \(first)\nB: \(second)\n\nsettings that differ:\n")
        if comparison.settings.isEmpty {
            emit("  none\n")
        } else {
            emit(
                SummaryText.table(
                    [["key", "A", "B"]] + comparison.settings.map { [$0.key, $0.first ?? "-", $0.second ?? "-"] },
                    indent: 2))
        }
        emit("\nresults:\n")
        emit(
            SummaryText.table(
                [["metric", "A", "B", "B - A"]]
                    + comparison.metrics.map { difference in
                        let delta = Double(difference.first ?? "").flatMap { a in
                            Double(difference.second ?? "").map { b in String(format: "%+.4g", b - a) }
                        }
                        return [difference.key, difference.first ?? "-", difference.second ?? "-", delta ?? ""]
                    }, indent: 2))
    }

    /// A run folder as given, or a sweep folder's best trial.
    static func runFolder(_ folder: String) -> String {
        guard FileManager.default.fileExists(atPath: RunFileName.sweepResults.path(in: folder)) else { return folder }
        return (try? SweepResults.read(folder: folder))?.bestTrialFolder ?? folder
    }
}

import ArgumentParser
import Foundation
import TLConfig
import TLGraph
import TLLayerCatalog
import TLRunner

/// `tlrun advise FILE`: scores every cut point of the pipeline's source network on its data and recommends a case.
struct AdviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advise",
        abstract:
            "Measure where to cut and what to freeze before training: scores per cut point, a recommended case, and a pipeline.",
        discussion:
            "One forward pass of the frozen source network over a sample of the training split (at most 2,000 images) "
            + "scores every cut point: k-NN accuracy (leave-one-out), LogME, and a 5-fold linear probe trained as the pipeline "
            + "trains its head. The source classifier's view of the target labels (LEEP, NCE) and, when the source weights come "
            + "from a pipeline, the Fréchet distance to the source's own data judge the similarity. A source pipeline without an "
            + "up-to-date run is run first."
    )

    @Argument(help: "Pipeline file.")
    var file: String

    @Option(
        help: ArgumentHelp(
            "The cut points to score: all, or names slice accepts, separated by commas (conv1,layer1.0).",
            valueName: "all|NAME,..."))
    var cuts = "all"

    @Option(
        help: ArgumentHelp(
            "Seconds advise may take; it measures fewer images and skips the last cut points to keep to it.",
            valueName: "SECONDS"))
    var budget: Double?

    @Option(
        help: ArgumentHelp(
            "Write the recommended pipeline (extending FILE, with the measurements as comments) to this file.",
            valueName: "OUT.yaml"))
    var write: String?

    @Option(
        help: ArgumentHelp(
            "Draw the scores over depth as SVG here (default: beside --write's file, as .svg).", valueName: "FILE.svg"))
    var chart: String?

    @Option(help: "Output format: text or json.")
    var format: TableFormat = .text

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override a key: --set dataset.train.per_class=400 (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Flag(help: "Print only the results (and errors).")
    var quiet = false

    func validate() throws {
        if let budget, !(budget > 0 && budget.isFinite) {
            throw ValidationError("--budget must be a positive number of seconds, got \(budget)")
        }
        if cuts.split(separator: ",").isEmpty {
            throw ValidationError("--cuts needs 'all' or cut point names separated by commas")
        }
        if let write, !(write.hasSuffix(".yaml") || write.hasSuffix(".yml")) {
            throw ValidationError("--write needs a .yaml file name, got '\(write)'")
        }
    }

    func run() throws {
        var options = Advisor.Options()
        options.budget = budget
        options.cuts = cuts == "all" ? nil : cuts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let display = ProgressDisplay(style: ProgressStyle.chosen(quiet: quiet || format == .json, jsonLog: false))
        let runner = PipelineRunner(options: PipelineRunner.Options(), observer: display, log: display.log)
        do {
            let read =
                [file]
                + ConfigResolver.resolve(file: file, overrides: overrides, schema: PipelineValidator.standard.schema)
                .files
            for output in [write, chart].compactMap({ $0 }) { try OverwriteGuard.refuse(output: output, inputs: read) }
            let advice = try Advisor(options: options, runner: runner, observer: display, log: display.log).advise(
                file: file, overrides: overrides)
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            var written: [String] = []
            if let write {
                try Self.makeFolder(of: write)
                try RunFiles.write(
                    AdvisedPipeline.yaml(advice, name: name, overrides: overrides, path: write), to: .chosen(write))
                written.append("pipeline: \(write) (run it with 'tlrun \(write)')")
            }
            if let chartPath = chart ?? write.map({ ($0 as NSString).deletingPathExtension + ".svg" }) {
                try Self.makeFolder(of: chartPath)
                try RunFiles.write(AdviceChart.svg(advice), to: .chosen(chartPath))
                written.append("chart: \(chartPath)")
            }
            switch format {
            case .json: emit(try AdviceText.json(advice) + "\n")
            case .text: emit(AdviceText.report(advice) + written.map { "wrote \($0)\n" }.joined())
            }
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }

    /// Creates the folder `path` is to be written in, when missing.
    static func makeFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw RunError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}

import ArgumentParser
import Foundation
import TLConfig
import TLData
import TLGraph
import TLLayerCatalog

/// `tlrun data FILE`: index a pipeline's (or a dataset file's) data, print counts and statistics, write a contact sheet.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract:
            "Read a pipeline's data set: per-split and per-class counts, sizes, channel statistics, a PNG contact sheet."
    )

    @Argument(help: "A pipeline file, or a YAML file with only a `dataset:` section (and optionally `seed:`).")
    var file: String

    @Option(help: "Where to write the contact sheet (default: <name>-data.png in the current folder).")
    var sheet: String?

    @OptionGroup var options: PipelineOptions

    func run() throws {
        let (spec, seed, name, inputChannels) = try readDataset()
        let data: DatasetIndex
        do {
            data = try DatasetIndex(spec: spec, seed: spec.seed ?? seed)
        } catch let error as DataError {
            report(error)
            throw ExitCode(1)
        }
        emit("\(name): \(spec.type) data set, \(data.classNames.count) classes\n")
        for (label, className) in data.classNames.enumerated() { emit("  class \(label): \(className)\n") }
        for split in data.splits {
            let counts = split.classCounts(classCount: data.classNames.count)
            emit(
                "\(split.name): \(split.samples.count) images; per class \(counts.map(String.init).joined(separator: " "))\n"
            )
            let statistics = try SplitStatistics(split: split, channels: spec.channels ?? inputChannels, seed: seed)
            let sizes = statistics.sizes.sorted { $0.value > $1.value }.map { "\($0.key) (\($0.value))" }.joined(
                separator: ", ")
            emit("  sizes (h x w x c) of \(statistics.sampled) sampled: \(sizes)\n")
            emit("  channel mean \(format(statistics.mean)), std \(format(statistics.std)) (pixels in [0, 1])\n")
        }
        emit(
            "skipped files: \(data.skipped.count)\(data.ignoredFiles > 0 ? ", non-image files ignored: \(data.ignoredFiles)" : "")\n"
        )
        for problem in data.skipped { emit("  \(problem)\n") }
        let path = sheet ?? "\(name)-data.png"
        let image = try ContactSheet.make(split: data.train, classCount: data.classNames.count, seed: seed)
        guard FileManager.default.createFile(atPath: path, contents: Data(PNGEncoder.encode(image))) else {
            emitError("\(path): cannot write the contact sheet (check the folder exists and is writable)")
            throw ExitCode(1)
        }
        emit("contact sheet (training split, one row per class index): \(path)\n")
    }

    /// The dataset section, seed and name of the file, and the network's input channels: through the pipeline
    /// validator when it is a pipeline.
    private func readDataset() throws -> (DatasetSpec, Int, String, Int?) {
        let root = try? YAMLReader.parse(file: file)
        if root?["source"] != nil || root?["extends"] != nil {
            let result = PipelineValidator.standard.validate(
                file: file, overrides: options.overrides, offline: options.offline)
            let errors = result.diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty {
                reportInvalid(result.diagnostics, file: file, consequence: "no data read")
                throw ExitCode(1)
            }
            return (result.pipeline.dataset, result.pipeline.seed, result.pipeline.name, result.graph?.input.dims.first)
        }
        do {
            let read = try DatasetFile.read(file: file)
            return (read.spec, read.seed, read.name, nil)
        } catch let error as DataError {
            report(error)
            throw ExitCode(1)
        }
    }

    private func format(_ values: [Double]) -> String {
        "[" + values.map { String(format: "%.4f", $0) }.joined(separator: ", ") + "]"
    }
}

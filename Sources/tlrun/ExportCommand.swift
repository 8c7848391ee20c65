import ArgumentParser
import Foundation
import TLONNX
import TLRunner

/// `tlrun export MODEL_OR_RUN --format onnx -o model.onnx`: a trained model as ONNX, for ONNX Runtime and others.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a trained model (a run folder or its model.safetensors) as ONNX.",
        discussion:
            "Initializers keep torchvision's tensor names; the metadata holds the class names, the input shape and "
            + "the normalisation. The model takes normalised pixels unless --with-preprocessing folds the normalisation in."
    )

    @Argument(help: "A run folder, or a model.safetensors written by 'tlrun run'.")
    var model: String

    @Option(help: "Output format (onnx).")
    var format = "onnx"

    @Option(name: [.customShort("o"), .customLong("output")], help: "The file to write (written atomically).")
    var output: String

    @Option(help: "ONNX opset, \(ONNXExport.opsets.lowerBound) to \(ONNXExport.opsets.upperBound).")
    var opset = 17

    @Option(help: ArgumentHelp("A fixed batch size, or 'dynamic'.", valueName: "N|dynamic"))
    var batch = "dynamic"

    @Flag(help: "Fold the normalisation into the graph, so the model takes pixels in [0, 1].")
    var withPreprocessing = false

    @Flag(help: "End with softmax: output probabilities instead of logits.")
    var softmax = false

    func validate() throws {
        guard format == "onnx" else { throw ValidationError("--format must be onnx") }
        guard ONNXExport.opsets.contains(opset) else {
            throw ValidationError(
                "--opset must be \(ONNXExport.opsets.lowerBound) to \(ONNXExport.opsets.upperBound), got \(opset)")
        }
        guard batch == "dynamic" || (Int(batch) ?? 0) >= 1 else {
            throw ValidationError("--batch must be a positive number or 'dynamic'")
        }
    }

    func run() throws {
        var options = ONNXExport.Options()
        options.opset = opset
        options.batch = Int(batch)
        options.softmax = softmax
        options.producerVersion = TLRunVersion.text
        do {
            try OverwriteGuard.refuse(output: output, inputs: [LoadedModel.modelFile(model)])
            let loaded = try LoadedModel(modelOrRun: model)
            try ONNXModelWriter.write(
                loaded, to: .chosen(output), options: options, withPreprocessing: withPreprocessing)
            let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            emit(
                "wrote \(output) (opset \(opset), batch \(batch), \(loaded.model.classNames.count) classes, "
                    + String(format: "%.1f MB", Double(size) / 1e6) + ")\n")
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }
}

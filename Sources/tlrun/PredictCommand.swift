import ArgumentParser
import Foundation
import TLConfig
import TLGraph
import TLLayerCatalog
import TLRunner

/// `tlrun predict MODEL_OR_RUN IMAGE...`: the top classes of images, with probabilities.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract:
            "Classify images with a trained model (a run folder or its model.safetensors), or a pipeline's source network.",
        discussion: "Uses the class names and the preprocessing (transforms, normalisation) stored with the model. "
            + "Given a pipeline file instead, predicts with its whole source network and weights as they are, before any slice, "
            + "head or case (a new classifier would be untrained), with the source's classes named by their index."
    )

    @Argument(help: "A run folder, a model.safetensors written by 'tlrun run', or a pipeline file (.yaml).")
    var model: String

    @Argument(help: "Image files (PNG or JPEG).")
    var images: [String]

    @Option(name: .customLong("top"), help: "How many classes to show per image.")
    var top = 3

    @Option(help: "Output format: text, or json (one object per image: file, classes with probabilities).")
    var format = "text"

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
        guard !images.isEmpty else { throw ValidationError("give at least one image file") }
    }

    func run() throws {
        do {
            let isPipeline = [".yaml", ".yml"].contains { model.hasSuffix($0) }
            let predictor =
                isPipeline
                ? try Predictor(pipeline: PipelineValidator.standard.validate(file: model))
                : try Predictor(modelOrRun: model)
            if isPipeline {
                FileHandle.standardError.write(
                    Data(
                        ("note: \(model): predicting with its source network as it is (before any slice, head or case; not trained on its data); "
                            + "the \(predictor.classNames.count) outputs are the source's classes, named by their index\n")
                            .utf8))
            }
            for prediction in try predictor.predict(files: images, top: top) {
                if format == "json" {
                    let classes: JSONValue = .array(
                        prediction.top.map {
                            .object([("class", .string($0.className)), ("probability", .double($0.probability))])
                        })
                    emit(
                        JSONValue.object([("file", .string(prediction.file)), ("top", classes)]).rendered(pretty: false)
                            + "\n")
                    continue
                }
                emit(prediction.file + "\n")
                for (name, probability) in prediction.top {
                    emit(String(format: "  %6.2f%%  %@\n", 100 * probability, name))
                }
            }
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }
}

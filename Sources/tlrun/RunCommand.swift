import ArgumentParser
import Dispatch
import Foundation
import TLConfig
import TLGraph
import TLRunner

/// `tlrun run FILE`: trains a pipeline and reports per-epoch and test metrics.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train a pipeline: load the source weights, train the epochs, report validation and test metrics."
    )

    @Argument(help: "Pipeline file.")
    var file: String

    @OptionGroup var options: PipelineOptions

    func run() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let validation = try options.validPipeline(file, consequence: "nothing was run")
        do {
            let trainer = try Trainer(validation)
            trainer.loadReport?.lines.forEach { emit($0 + "\n") }
            let trainable = GraphSummary.totals(validation.graph!, batchSize: 1).trainableParameters
            emit("training \(validation.pipeline.name): \(trainer.classNames.count) classes, \(SummaryText.grouped(trainable)) trainable parameters\n")
            let history = try trainer.train { metrics in
                var line = String(format: "epoch %d  lr %.2g  train loss %.4f acc %.4f", metrics.epoch, metrics.learningRate,
                                  metrics.trainLoss, metrics.trainAccuracy)
                if let val = metrics.validation { line += String(format: "  val loss %.4f acc %.4f", val.loss, val.accuracy) }
                line += String(format: "  %.1f s (data wait %.1f%%)", metrics.seconds, 100 * metrics.dataWaitSeconds / max(metrics.seconds, 1e-9))
                emit(line + "\n")
            }
            if let test = try trainer.test() {
                emit(String(format: "test: loss %.4f accuracy %.4f on %d images\n", test.loss, test.accuracy, test.images))
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            emit(String(format: "done: %d epochs in %.1f s\n", history.count, seconds))
        } catch {
            emit("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}

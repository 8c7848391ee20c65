import Foundation
import TLGraph
import TLONNX

/// Writes a run folder's results: per-epoch metrics while training, then the model, summary, pictures and report.
struct RunRecord {
    let folder: String

    /// Rewrites `metrics.jsonl`: one JSON object per finished epoch.
    func writeMetrics(_ history: [EpochMetrics]) throws {
        let encoder = RunFiles.encoder(pretty: false)
        let lines = try history.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try RunFiles.write(lines.map { $0 + "\n" }.joined(), to: .run(folder: folder, file: .metrics))
    }

    /// Writes `model.safetensors` (and `model.onnx` with `output.onnx`), `summary.json`, `curves.svg`, `confusion.svg` and `report.md`; returns the summary.
    func export(
        trainer: Trainer, state: TrainingState, validation: SplitEvaluation?, test: SplitEvaluation?,
        manifest: RunManifest, stages: [RunSummary.StageTiming]
    ) throws -> RunSummary {
        let started = DispatchTime.now().uptimeNanoseconds
        let model = ExportedModel(trainer: trainer, runId: manifest.runId)
        try model.write(to: .run(folder: folder, file: .model))
        if trainer.pipeline.outputONNX {
            var options = ONNXExport.Options()
            options.producerVersion = manifest.versions["tlrun"] ?? ""
            try RunFiles.write(
                try ONNXModelWriter.data(
                    model, graph: trainer.graph, pipelineName: manifest.pipelineName, options: options,
                    withPreprocessing: false), to: .run(folder: folder, file: .onnxModel))
        }
        let names = trainer.classNames
        let last = state.history.last
        let totals = GraphSummary.totals(trainer.graph, batchSize: 1)
        var summary = RunSummary(
            pipelineName: manifest.pipelineName, runId: manifest.runId, description: trainer.pipeline.description,
            classNames: names,
            epochs: state.epochsDone, bestEpoch: state.bestEpoch, stoppedEarly: state.stoppedEarly,
            train: last.map {
                RunSummary.SplitResult(
                    loss: $0.trainLoss, accuracy: $0.trainAccuracy, images: trainer.index.train.samples.count)
            },
            val: validation.map { RunSummary.result($0, classNames: names, detailed: false) },
            test: test.map { RunSummary.result($0, classNames: names, detailed: true) },
            trainableParameters: totals.trainableParameters, totalParameters: totals.parameters,
            images: Dictionary(uniqueKeysWithValues: trainer.index.splits.map { ($0.name, $0.samples.count) }),
            featureCache: trainer.featureCache != nil, featureCacheNote: trainer.featureCacheSummary,
            stages: stages, seconds: 0)
        summary.stages.append(
            RunSummary.StageTiming(
                stage: "export", seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                detail: "model, summary, pictures and report in \(folder)"))
        summary.seconds = summary.stages.reduce(0) { $0 + $1.seconds }
        try RunFiles.writeJSON(summary, to: .run(folder: folder, file: .summary))
        try RunFiles.write(
            RunCharts.trainingCurves(state.history.map(CurvePoint.init)), to: .run(folder: folder, file: .curves))
        if let test {
            try RunFiles.write(
                RunCharts.confusionMatrix(
                    test.confusion, classNames: names, title: "\(manifest.pipelineName): test split"),
                to: .run(folder: folder, file: .confusion))
        }
        try RunFiles.write(
            RunReportText.markdown(summary: summary, manifest: manifest, history: state.history, graph: trainer.graph),
            to: .run(folder: folder, file: .report))
        return summary
    }
}

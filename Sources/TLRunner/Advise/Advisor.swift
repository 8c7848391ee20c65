import Dispatch
import Foundation
import TLConfig
import TLData
import TLEngine
import TLGraph
import TLLayerCatalog
import TLMeasures

/// `tlrun advise`: scores every cut point of a pipeline's source network on the pipeline's training data from one
/// forward pass of frozen features, compares the features with the source's own data, and recommends a case, a cut
/// and a freeze policy.
public struct Advisor {
    /// What advise measures and how long it may take.
    public struct Options {
        /// The cut points to score (nil: every one).
        public var cuts: [String]?
        /// Seconds advise may take (nil: no limit); the sample shrinks and the last cuts are skipped to keep to it (the first
        /// cut point is always scored).
        public var budget: Double?
        /// The most training images measured.
        public var sampleLimit = 2000
        /// The most source-data images compared with the target.
        public var sourceSampleLimit = 500
        /// Neighbours of the k-NN vote.
        public var neighbours = 5
        /// Features wider than this are average-pooled (over space) to at most this width before scoring.
        public var maxScoredWidth = 8192

        /// Default options.
        public init() {}
    }

    let options: Options
    let runner: PipelineRunner
    weak var observer: TrainingObserver?
    let log: (String) -> Void

    /// An advisor that trains source pipelines through `runner` when their output is missing, reporting to `log` and
    /// the forward passes' progress to `observer`.
    public init(
        options: Options, runner: PipelineRunner, observer: TrainingObserver? = nil, log: @escaping (String) -> Void
    ) {
        self.options = options
        self.runner = runner
        self.observer = observer
        self.log = log
    }

    /// Measures the pipeline in `file` (with `overrides`) and recommends.
    public func advise(file: String, overrides: [String]) throws -> Advice {
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        let validation = PipelineValidator.standard.validate(file: file, overrides: overrides)
        guard validation.isValid, validation.graph != nil else { throw RunError.pipelineInvalid(validation) }
        let pipeline = validation.pipeline
        ComputeThreads.set(pipeline.train.threads)
        guard let (layers, input) = validation.sourceNetwork else { throw AdviseError.noSourceNetwork(pipeline: file) }
        let cuts = try chosenCuts(CutPoints.candidates(layers, input: input), layers: layers, input: input, file: file)
        let weights = try runner.resolveSource(validation, chain: [PipelineRunner.absolute(file)])
        let store = try Self.sourceStore(layers: layers, input: input, pipeline: pipeline, weightsFile: weights.file)
        let index = try DatasetIndex(spec: pipeline.dataset, seed: pipeline.dataSeed)
        let classes = index.classNames.count
        let present = Set(index.train.samples.map(\.label))
        guard present.count != 1 else {
            throw AdviseError.oneClass(
                pipeline: file, className: index.classNames[present.first!], cuts: cuts.map(\.name))
        }
        guard index.train.samples.count >= LinearProbe.folds * classes else {
            throw AdviseError.tooFewImages(
                pipeline: file, images: index.train.samples.count, needed: LinearProbe.folds * classes)
        }
        let preprocessing = try Preprocessing.prepared(
            spec: pipeline.dataset, outputChannels: input.dims[0], train: index.train, seed: pipeline.dataSeed)
        func tap(_ split: DatasetSplit, _ preprocessing: Preprocessing, task: String? = nil) throws -> FeatureTaps {
            let started = DispatchTime.now().uptimeNanoseconds
            return try FeatureTaps.run(
                layers: layers, input: input, cuts: cuts, store: store, split: split, preprocessing: preprocessing,
                batchSize: pipeline.train.batchSize, seed: pipeline.seed, maxWidth: options.maxScoredWidth
            ) { done in
                guard let task else { return }
                observer?.workProgressed(
                    WorkProgress(
                        task: task, done: done, total: split.samples.count, unit: "images",
                        elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
            }
        }
        let limit = try sampleLimit(split: index.train, classes: classes, seed: pipeline.seed) {
            try tap($0, preprocessing)
        }
        let sample = AdviceSample.draw(index.train, classes: classes, limit: limit, seed: pipeline.seed)
        log(
            "advise: \(cuts.count) cut points of \(Self.modelName(pipeline)), \(sample.samples.count) of \(index.train.samples.count) training images"
        )
        let target = try tap(sample, preprocessing, task: "forward pass (target data)")
        let forwardSeconds = elapsed()
        try Self.refuseNonFinite(target, cuts: cuts, sample: sample, file: file)
        let source = try weights.pipeline.flatMap {
            try sourceFeatures($0.validation, index: $0.index) { try tap($0, $1, task: "forward pass (source data)") }
        }
        let assessed = try assess(
            cuts, target: target, source: source, classes: classes, pipeline: pipeline, file: file, elapsed: elapsed)
        let sourceLabels = target.logits.flatMap { Self.sourceLabelScores($0, labels: target.labels, classes: classes) }
        let classifier = Self.classifier(layers) ?? PipelineValidator.caseHead(pipeline)?.classifier
        let images = Double(index.train.samples.count) / Double(classes)
        return Advice(
            pipeline: file, model: Self.modelName(pipeline), classifier: classifier,
            trainImages: index.train.samples.count, classes: classes,
            sampledImages: sample.samples.count, sourceImages: source?.labels.count ?? 0, sourceLabels: sourceLabels,
            cuts: assessed,
            recommendation: CaseRecommendation.recommend(
                cuts: assessed, sourceLabels: sourceLabels, imagesPerClass: images, classifier: classifier),
            forwardSeconds: forwardSeconds, seconds: elapsed())
    }

    /// Every cut's scores from the tapped target features (and the shift from the source's, when there are some);
    /// the cuts left when the time budget is spent are listed as skipped.
    private func assess(
        _ cuts: [CutPoint], target: FeatureTaps, source: FeatureTaps?, classes: Int, pipeline: Pipeline, file: String,
        elapsed: () -> Double
    ) throws -> [Advice.Cut] {
        var assessed: [Advice.Cut] = []
        for (position, cut) in cuts.enumerated() {
            let features = target.features[position]
            var row = Advice.Cut(
                name: cut.name, depth: cut.depth, featureShape: cut.output.dims, scoredWidth: features.columns,
                headParameters: ((target.scoredTokens[position] ? cut.output.dims[0] : cut.output.elementCount) + 1)
                    * classes, seconds: 0)
            row.scoredTokens = target.scoredTokens[position]
            if let budget = options.budget, elapsed() > budget, assessed.contains(where: { $0.skipped == nil }) {
                row.skipped = String(format: "the %.0f s budget was spent", budget)
                assessed.append(row)
                continue
            }
            let cutStarted = elapsed()
            try score(&row, features: features, labels: target.labels, classes: classes, pipeline: pipeline, file: file)
            if let source {
                do {
                    row.shift = try FrechetDistance(source.channelMeans[position], target.channelMeans[position])
                        .relative
                } catch let error as MeasureError {
                    throw AdviseError.measureFailed(
                        pipeline: file, cut: cut.name, measure: "the shift from the source data", problem: "\(error)")
                }
            }
            row.seconds = elapsed() - cutStarted
            log(String(format: "advise: %@ scored in %.2f s", cut.name, row.seconds))
            assessed.append(row)
        }
        return assessed
    }

    /// The cut points asked for, in network order: every candidate when none were named; a named one may be any place
    /// `slice` can cut (`layer1.0`, `conv1.relu`), not only a candidate.
    private func chosenCuts(_ candidates: [CutPoint], layers: [Layer], input: TensorShape, file: String) throws
        -> [CutPoint]
    {
        guard !candidates.isEmpty else { throw AdviseError.noCutPoints(pipeline: file) }
        guard let names = options.cuts else { return candidates }
        var chosen: [CutPoint] = []
        for name in names {
            guard
                let cut = candidates.first(where: { $0.name == name })
                    ?? CutPoints.cut(named: name, in: layers, input: input)
            else {
                throw AdviseError.unknownCut(name: name, pipeline: file, candidates: candidates.map(\.name))
            }
            if !chosen.contains(where: { $0.keptLayers == cut.keptLayers }) { chosen.append(cut) }
        }
        return chosen.sorted { $0.keptLayers < $1.keptLayers }
    }

    /// k-NN, LogME and the linear probe of one cut's features; a measure that fails names the cut and itself.
    private func score(
        _ row: inout Advice.Cut, features: FeatureMatrix, labels: [Int], classes: Int, pipeline: Pipeline, file: String
    ) throws {
        let cut = row.name
        func measured<T>(_ measure: String, _ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let error as MeasureError {
                throw AdviseError.measureFailed(pipeline: file, cut: cut, measure: measure, problem: "\(error)")
            }
        }
        row.knnAccuracy = try measured("the k-NN accuracy") {
            try NearestNeighbours.leaveOneOutAccuracy(
                gram: features.sampleGram(), labels: labels, classes: classes,
                k: min(options.neighbours, labels.count - 1))
        }
        row.logME = try measured("LogME") { try LogME.score(features, labels: labels, classes: classes) }
        let probe = LinearProbe(
            optimizer: pipeline.optimizer, schedule: pipeline.schedule, batchSize: pipeline.train.batchSize,
            epochs: max(1, min(pipeline.train.epochs, 30)), seed: pipeline.seed)
        row.probeAccuracy = try measured("the linear probe") {
            try probe.accuracy(features, labels: labels, classes: classes)
        }
    }

    /// How many training images fit the budget: the forward pass may take at most a third of it, timed on one batch.
    private func sampleLimit(split: DatasetSplit, classes: Int, seed: Int, tap: (DatasetSplit) throws -> FeatureTaps)
        throws -> Int
    {
        guard let budget = options.budget else { return options.sampleLimit }
        let trial = AdviceSample.draw(split, classes: classes, limit: min(64, options.sampleLimit), seed: seed)
        let started = DispatchTime.now().uptimeNanoseconds
        _ = try tap(trial)
        let perImage =
            Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 / Double(max(trial.samples.count, 1))
        return max(LinearProbe.folds * classes, min(options.sampleLimit, Int(budget / 3 / max(perImage, 1e-6))))
    }

    /// A sample of the source pipeline's own training data (`index`) through the same network.
    private func sourceFeatures(
        _ source: ValidationResult, index: DatasetIndex,
        tap: (DatasetSplit, Preprocessing) throws -> FeatureTaps
    ) throws -> FeatureTaps? {
        guard let graph = source.graph else { return nil }
        let preprocessing = try Preprocessing.prepared(
            spec: source.pipeline.dataset, outputChannels: graph.input.dims[0], train: index.train,
            seed: source.pipeline.dataSeed)
        let sample = AdviceSample.draw(
            index.train, classes: index.classNames.count, limit: options.sourceSampleLimit, seed: source.pipeline.seed)
        return try tap(sample, preprocessing)
    }

    /// The whole source network's tensors, with the source weights loaded when there are any.
    static func sourceStore(layers: [Layer], input: TensorShape, pipeline: Pipeline, weightsFile: String?) throws
        -> ParameterStore
    {
        let store = try ParameterStore(layers: layers, seed: UInt64(pipeline.seed))
        if let weightsFile {
            let (graph, _) = TransferGraph.whole(layers, input: input, classes: pipeline.source.classes)
            _ = try SourceWeights.load(pipeline.source, path: weightsFile, into: store, graph: graph)
        }
        return store
    }

    /// LEEP, NCE and the explained label entropy of the source classifier's logits (nil for fewer than 2 outputs).
    static func sourceLabelScores(_ logits: FeatureMatrix, labels: [Int], classes: Int) -> Advice.SourceLabels? {
        guard logits.columns >= 2 else { return nil }
        let scores = SourceLabelScores(
            probabilities: SourceLabelScores.softmax(logits.values, classes: logits.columns),
            sourceClasses: logits.columns, labels: labels, classes: classes)
        return Advice.SourceLabels(
            leep: scores.leep, nce: scores.nce, explainedLabelEntropy: scores.explainedLabelEntropy)
    }

    /// The source network's last layer when it is a linear classifier (otherwise the zoo names it: SqueezeNet's is a
    /// convolution).
    static func classifier(_ layers: [Layer]) -> String? {
        layers.last.flatMap { $0.op is LinearOp ? $0.name : nil }
    }

    /// The zoo name of the source model, or `inline`.
    static func modelName(_ pipeline: Pipeline) -> String {
        if case .zoo(let name)? = pipeline.source.model { return name }
        return "inline"
    }
}

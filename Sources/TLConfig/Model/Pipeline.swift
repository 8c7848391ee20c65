/// A resolved pipeline read into typed sections; tolerant of values the schema check already reported.
public struct Pipeline: Sendable {
    /// The resolved configuration it was read from (spans, diagnostics).
    public var config: ResolvedConfig
    public var name: String
    public var description: String
    public var seed: Int
    /// The `case:` shorthand, if given.
    public var transferCase: Int?
    public var source: SourceSpec
    public var dataset: DatasetSpec
    public var slice: SliceSpec?
    public var freeze: FreezeSpec
    /// The head layers; nil when the file gives none.
    public var head: [OpSpec]?
    public var device: DeviceChoice
    public var optimizer: OptimizerSpec
    public var schedule: ScheduleSpec
    public var train: TrainSpec
    public var outputDir: String
    /// Whether a run also writes its model as ONNX (`output.onnx`).
    public var outputONNX: Bool

    /// The seed of the data (draws, generated images, normalisation statistics): `dataset.seed`, else `seed`.
    public var dataSeed: Int { dataset.seed ?? seed }

    /// Reads the typed sections from a resolved configuration.
    public init(_ config: ResolvedConfig) {
        let root = config.root
        self.config = config
        name = TopKeys.name.read(root) ?? "pipeline"
        description = TopKeys.description.read(root) ?? ""
        seed = TopKeys.seed.read(root)
        transferCase = TopKeys.transferCase.read(root)
        source = SourceSpec(root["source"], file: config.file)
        dataset = DatasetSpec(root["dataset"], file: config.file)
        slice = root["slice"].flatMap(SliceSpec.init)
        freeze = FreezeSpec(root["freeze"])
        head = root["head"].map { opSpecs($0, at: ConfigPath.root.key("head")) }
        device = TopKeys.device.read(root)
        optimizer = OptimizerSpec(root["optimizer"])
        schedule = ScheduleSpec(root["schedule"])
        train = TrainSpec(root["train"])
        outputDir = OutputKeys.dir.read(root["output"])
        outputONNX = OutputKeys.onnx.read(root["output"])
    }
}

/// Which pre-trained network, with which input and weights.
public struct SourceSpec: Sendable {
    /// A zoo model or an inline list of layers.
    public enum Model: Sendable {
        case zoo(String)
        case inline([OpSpec])
    }

    /// Where the source weights come from.
    public enum Weights: Sendable, Equatable {
        case random
        case file(String)
        case pipeline(String)
    }

    /// The model, or nil when the file gives none (or not in a usable form).
    public var model: Model?
    /// `[channels, height, width]` if given.
    public var input: [Int]?
    public var classes: Int?
    public var weights: Weights
    /// For a nested PyTorch checkpoint, the entry that holds the tensors.
    public var key: String?
    /// The `source.rename` rules, in the order they apply.
    public var rename: [TensorRenameRule]

    init(_ node: YAMLNode?, file: String) {
        let modelNode = node?["model"]
        if let name = modelNode?.string {
            model = .zoo(name)
        } else if modelNode?.items != nil {
            model = .inline(opSpecs(modelNode, at: ConfigPath.root.key("source").key("model")))
        } else {
            model = nil
        }
        input = node?["input"]?.items?.compactMap(\.int)
        classes = node?["classes"]?.int
        let weightsNode = node?["weights"]
        if let text = weightsNode?.string {
            weights = text == "random" ? .random : .file(FilePaths.relative(text, to: weightsNode!.span.file))
        } else if let otherNode = weightsNode?["pipeline"], let other = otherNode.string {
            weights = .pipeline(FilePaths.relative(other, to: otherNode.span.file))
        } else {
            weights = .random
        }
        key = node?["key"]?.string
        rename = tensorRenameRules(node?["rename"], at: ConfigPath.root.key("source").key("rename"))
    }
}

/// Where the source network is cut.
public enum SliceSpec: Sendable {
    /// Keep everything up to and including the named layer.
    case through(String)
    /// Keep everything before the named layer.
    case before(String)

    /// The named layer.
    public var layer: String {
        switch self {
        case .through(let name), .before(let name): return name
        }
    }

    init?(_ node: YAMLNode) {
        if let name = node.string {
            self = .through(name)
        } else if let name = node["before"]?.string {
            self = .before(name)
        } else {
            return nil
        }
    }
}

/// What trains and what does not.
public struct FreezeSpec: Sendable {
    /// Which kept source layers are frozen.
    public enum Layers: Sendable, Equatable {
        case all
        case none
        case selected([String])
    }

    public var layers: Layers
    /// Freeze from the input up to and including this layer.
    public var upTo: String?
    /// Frozen BatchNorm: `eval` (running statistics, not updated) or `train` (batch statistics, updated).
    public var batchnormTrains: Bool
    /// Gradual unfreezing steps: from `epoch` on, `layers` train.
    public var unfreeze: [(epoch: Int, layers: [String])]
    /// Learning-rate multipliers by selector, in file order.
    public var lrMultipliers: [(selector: String, multiplier: Double)]

    init(_ node: YAMLNode?) {
        layers = .none
        upTo = nil
        batchnormTrains = false
        unfreeze = []
        lrMultipliers = []
        guard let node else { return }
        if let word = node.string {
            layers = word == "all" ? .all : .none
            return
        }
        if let word = node["layers"]?.string {
            layers = word == "all" ? .all : .none
        } else if let list = node["layers"]?.items {
            layers = .selected(list.compactMap(\.string))
        }
        upTo = FreezeKeys.upTo.read(node)
        batchnormTrains = FreezeKeys.batchnorm.read(node) == "train"
        unfreeze = (node["unfreeze"]?.items ?? []).compactMap { step in
            guard let epoch = step["epoch"]?.int else { return nil }
            return (epoch, (step["layers"]?.items ?? []).compactMap(\.string))
        }
        lrMultipliers = (node["lr_mult"]?.pairs ?? []).compactMap { pair in
            guard let key = pair.key.string, let value = pair.value.double else { return nil }
            return (key, value)
        }
    }
}

/// The optimizers a pipeline can name (`optimizer.type`).
public enum OptimizerType: String, CaseIterable, Sendable {
    case sgd, adam, adamw
}

/// The device a pipeline asks for (`device`): the CPU, the best available, or a CUDA device by index.
public enum DeviceChoice: Equatable, Sendable, CustomStringConvertible {
    case cpu, auto
    case cuda(index: Int)

    /// Reads `cpu`, `auto`, `cuda` or `cuda:N`; nil for anything else (the schema check reports it).
    public init?(_ text: String) {
        switch text {
        case "cpu": self = .cpu
        case "auto": self = .auto
        case "cuda": self = .cuda(index: 0)
        default:
            guard text.hasPrefix("cuda:"), let index = Int(text.dropFirst(5)), index >= 0 else { return nil }
            self = .cuda(index: index)
        }
    }

    /// The name as a pipeline writes it.
    public var description: String {
        switch self {
        case .cpu: return "cpu"
        case .auto: return "auto"
        case .cuda(let index): return "cuda:\(index)"
        }
    }
}

/// The learning-rate schedules a pipeline can name (`schedule.type`).
public enum ScheduleType: String, CaseIterable, Sendable {
    case constant, step, multistep, cosine
}

/// The validation metrics early stopping and best-weights selection can watch.
public enum ValidationMetric: String, CaseIterable, Sendable {
    case valLoss = "val_loss", valAccuracy = "val_accuracy"
}

/// The optimizer and its hyper-parameters (PyTorch's names and defaults).
public struct OptimizerSpec: Sendable {
    public var type: OptimizerType
    public var lr: Double
    public var weightDecay: Double
    public var momentum: Double
    public var dampening: Double
    public var nesterov: Bool
    public var betas: (Double, Double)
    public var eps: Double

    init(_ node: YAMLNode?) {
        type = node?["type"]?.string.flatMap(OptimizerType.init(rawValue:)) ?? OptimizerKeys.defaultType
        lr = OptimizerKeys.lr(type).read(node)
        weightDecay = OptimizerKeys.weightDecay(type).read(node)
        momentum = OptimizerKeys.momentum.read(node)
        dampening = OptimizerKeys.dampening.read(node)
        nesterov = OptimizerKeys.nesterov.read(node)
        betas = OptimizerKeys.betas.read(node).tuple
        eps = OptimizerKeys.eps.read(node)
    }
}

/// The learning-rate schedule.
public struct ScheduleSpec: Sendable {
    public var type: ScheduleType
    public var stepSize: Int?
    public var milestones: [Int]
    public var gamma: Double
    public var tMax: Int?
    public var etaMin: Double
    public var warmupEpochs: Int
    public var warmupStartFactor: Double

    init(_ node: YAMLNode?) {
        type = node?["type"]?.string.flatMap(ScheduleType.init(rawValue:)) ?? ScheduleKeys.defaultType
        stepSize = ScheduleKeys.stepSize.read(node)
        milestones = ScheduleKeys.milestones.read(node) ?? []
        gamma = ScheduleKeys.gamma.read(node)
        tMax = ScheduleKeys.tMax.read(node)
        etaMin = ScheduleKeys.etaMin.read(node)
        warmupEpochs = ScheduleKeys.warmupEpochs.read(node)
        warmupStartFactor = ScheduleKeys.warmupStartFactor.read(node)
    }
}

/// Training loop settings.
public struct TrainSpec: Sendable {
    /// Early stopping on a validation metric.
    public struct EarlyStopping: Sendable {
        public var metric: ValidationMetric
        public var patience: Int
        public var minDelta: Double
    }

    public var epochs: Int
    public var batchSize: Int
    public var earlyStopping: EarlyStopping?
    /// The metric whose best epoch's weights are kept; nil keeps the last epoch's (`best_metric: last`).
    public var bestMetric: ValidationMetric?
    public var gradClip: Double?
    public var labelSmoothing: Double
    public var threads: Int
    public var featureCache: Bool
    /// In data-parallel training, BatchNorm normalises by the global batch's statistics instead of each process's.
    public var syncBatchNorm: Bool

    init(_ node: YAMLNode?) {
        epochs = TrainKeys.epochs.read(node)
        batchSize = TrainKeys.batchSize.read(node)
        earlyStopping = node?[TrainKeys.earlyStopping.name].map {
            EarlyStopping(
                metric: TrainKeys.metric.read($0), patience: TrainKeys.patience.read($0),
                minDelta: TrainKeys.minDelta.read($0))
        }
        bestMetric = ValidationMetric(rawValue: TrainKeys.bestMetric.read(node))
        gradClip = TrainKeys.gradClip.read(node)
        labelSmoothing = TrainKeys.labelSmoothing.read(node)
        threads = TrainKeys.threads.read(node)
        featureCache = TrainKeys.featureCache.read(node)
        syncBatchNorm = TrainKeys.syncBatchNorm.read(node)
    }
}

/// The pipeline's top-level keys with a typed reader (the sections with keys of their own are in `PipelineSchema`).
public enum TopKeys {
    static let name = SchemaKey<String>(
        "name", .string(pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$"), required: true,
        doc: "Pipeline name; runs go to `<output.dir>/<name>/`.")
    static let description = SchemaKey<String>("description", .string(), doc: "Free text.")
    static let seed = DefaultedKey(
        "seed", .integer(min: 0), default: 0,
        doc:
            "Seed for initialisation, shuffling, augmentation and dropout, and for the data draws unless `dataset.seed` is set."
    )
    static let transferCase = SchemaKey<Int>(
        "case", .integer(min: 1, max: 4),
        doc: "Transfer-learning case shorthand: fills slice, freeze and head defaults (see docs/cases-and-cutting.md).")
    static let device = DefaultedKey(
        "device", .string(pattern: "^(cpu|auto|cuda(:[0-9]+)?)$", examples: ["cpu", "auto", "cuda", "cuda:0"]),
        default: DeviceChoice.cpu, doc: "`cpu`, `cuda`, `cuda:N`, or `auto`.")
}

/// The keys of `output`.
public enum OutputKeys {
    static let dir = DefaultedKey(
        "dir", .string(), default: "runs", doc: "Runs folder (relative to the working directory).")
    static let onnx = DefaultedKey(
        "onnx", .boolean, default: false,
        doc: "Also write the trained model as `model.onnx` (opset 17, dynamic batch), as `tlrun export` does.")
}

/// The keys of a freeze policy read as plain values (the selector lists are read by `FreezeSpec`).
public enum FreezeKeys {
    static let upTo = SchemaKey<String>(
        "up_to", .string(), doc: "Freeze every layer from the input up to and including this one.")
    static let batchnorm = DefaultedKey(
        "batchnorm", .enumeration(["eval", "train"]), default: "eval",
        doc:
            "Frozen BatchNorm layers: `eval` uses and keeps the running statistics; `train` normalises with batch statistics and updates them."
    )
}

/// The keys of each optimizer, with PyTorch's names and defaults.
public enum OptimizerKeys {
    /// The optimizer when a pipeline names none.
    static let defaultType = OptimizerType.adam
    static let sgdLR = DefaultedKey("lr", .number(.positive), default: 0.01, doc: "Learning rate.")
    static let adamLR = DefaultedKey("lr", .number(.positive), default: 0.001, doc: "Learning rate.")
    static let weightDecay = DefaultedKey("weight_decay", .number(.nonNegative), default: 0.0, doc: "Weight decay.")
    static let decoupledWeightDecay = DefaultedKey(
        "weight_decay", .number(.nonNegative), default: 0.01, doc: "Decoupled weight decay.")
    static let momentum = DefaultedKey("momentum", .number(.unitHalfOpen), default: 0.0, doc: "Momentum in [0, 1).")
    static let dampening = DefaultedKey("dampening", .number(.unitHalfOpen), default: 0.0, doc: "Momentum dampening.")
    static let nesterov = DefaultedKey(
        "nesterov", .boolean, default: false, doc: "Nesterov momentum (needs momentum > 0, dampening 0).")
    static let betas = DefaultedKey(
        "betas", .array(.number(.unitHalfOpen), minItems: 2, maxItems: 2), default: NumberPair(0.9, 0.999),
        doc: "Moment decay rates, each in [0, 1).")
    static let eps = DefaultedKey("eps", .number(.positive), default: 1e-8, doc: "Added to the denominator.")

    /// The documentation of an optimizer's entry.
    static func doc(_ type: OptimizerType) -> String {
        switch type {
        case .sgd: return "Stochastic gradient descent (torch.optim.SGD)."
        case .adam: return "Adam (torch.optim.Adam; L2 weight decay)."
        case .adamw: return "AdamW (torch.optim.AdamW; decoupled weight decay)."
        }
    }

    /// The learning rate's key (its default differs by optimizer).
    static func lr(_ type: OptimizerType) -> DefaultedKey<Double> { type == .sgd ? sgdLR : adamLR }

    /// The weight decay's key (AdamW's is decoupled, with its own default).
    static func weightDecay(_ type: OptimizerType) -> DefaultedKey<Double> {
        type == .adamw ? decoupledWeightDecay : weightDecay
    }

    /// An optimizer's keys, in the order the reference lists them.
    static func keys(_ type: OptimizerType) -> [any FieldDeclaration] {
        let common: [any FieldDeclaration] = [lr(type), weightDecay(type)]
        return common + (type == .sgd ? [momentum, dampening, nesterov] : [betas, eps])
    }
}

/// The keys of each learning-rate schedule.
public enum ScheduleKeys {
    /// The schedule when a pipeline names none.
    static let defaultType = ScheduleType.constant
    static let stepSize = SchemaKey<Int>("step_size", .integer(min: 1), required: true, doc: "Epochs between decays.")
    static let milestones = SchemaKey<[Int]>(
        "milestones", .array(.integer(min: 1), minItems: 1), required: true, doc: "Epochs at which to decay.")
    static let gamma = DefaultedKey("gamma", .number(.positive), default: 0.1, doc: "Decay factor.")
    static let tMax = SchemaKey<Int>(
        "t_max", .integer(min: 1), doc: "Epochs of one half-cosine; defaults to train.epochs.")
    static let etaMin = DefaultedKey("eta_min", .number(.nonNegative), default: 0.0, doc: "Final learning rate.")
    static let warmupEpochs = DefaultedKey(
        "warmup_epochs", .integer(min: 0), default: 0, doc: "Linear warm-up epochs before the schedule.")
    static let warmupStartFactor = DefaultedKey(
        "warmup_start_factor", .number(NumberRange(min: 0, minExclusive: true, max: 1)), default: 0.1,
        doc: "Fraction of the learning rate the warm-up starts from.")

    /// The documentation of a schedule's entry.
    static func doc(_ type: ScheduleType) -> String {
        switch type {
        case .constant: return "A constant learning rate."
        case .step: return "Multiply by gamma every step_size epochs."
        case .multistep: return "Multiply by gamma at each milestone epoch."
        case .cosine: return "Cosine annealing to eta_min over t_max epochs."
        }
    }

    /// A schedule's keys, in the order the reference lists them: its own, then the warm-up's.
    static func keys(_ type: ScheduleType) -> [any FieldDeclaration] {
        let own: [any FieldDeclaration]
        switch type {
        case .constant: own = []
        case .step: own = [stepSize, gamma]
        case .multistep: own = [milestones, gamma]
        case .cosine: own = [tMax, etaMin]
        }
        return own + [warmupEpochs, warmupStartFactor]
    }
}

/// The keys of `train` and of its `early_stopping`.
public enum TrainKeys {
    static let epochs = DefaultedKey("epochs", .integer(min: 1), default: 10, doc: "Epochs to train.")
    static let batchSize = DefaultedKey("batch_size", .integer(min: 1), default: 64, doc: "Images per step.")
    static let metric = DefaultedKey(
        "metric", .enumeration(ValidationMetric.allCases.map(\.rawValue)), default: ValidationMetric.valLoss,
        doc: "Metric watched.")
    static let patience = DefaultedKey(
        "patience", .integer(min: 1), default: 3, doc: "Epochs without improvement before stopping.")
    static let minDelta = DefaultedKey(
        "min_delta", .number(.nonNegative), default: 0.0, doc: "Smallest change that counts as improvement.")
    static let earlyStopping = SchemaField(
        "early_stopping",
        .object(
            ObjectSchema(
                "Stop when the validation metric stops improving.",
                keys: [metric, patience, minDelta])),
        doc: "Early stopping (needs a validation split).")
    static let bestMetric = DefaultedKey(
        "best_metric", .enumeration(["last"] + ValidationMetric.allCases.map(\.rawValue)), default: "last",
        doc: "Which epoch's weights are kept: the last, or the best on a validation metric.")
    static let gradClip = SchemaKey<Double>(
        "grad_clip", .number(.positive), doc: "Clip the global gradient norm to this value.")
    static let labelSmoothing = DefaultedKey(
        "label_smoothing", .number(.unitHalfOpen), default: 0.0, doc: "Cross-entropy label smoothing.")
    static let threads = DefaultedKey(
        "threads", .integer(min: 0, max: 1024), default: 0,
        doc: "Compute threads; 0 uses every core. At most 1024, more than any machine tlrun runs on can use.")
    static let featureCache = DefaultedKey(
        "feature_cache", .boolean, default: true,
        doc: "Compute frozen features once and train the head on them when that is exact.")
    static let syncBatchNorm = DefaultedKey(
        "sync_batchnorm", .boolean, default: false,
        doc:
            "Under `mpirun`, BatchNorm layers normalise by the whole global batch's statistics (as PyTorch's SyncBatchNorm) instead of each process's share."
    )

    /// Every key of `train`, in the order the reference lists them.
    static let all: [any FieldDeclaration] = [
        epochs, batchSize, earlyStopping, bestMetric, gradClip, labelSmoothing, threads, featureCache, syncBatchNorm,
    ]
}

extension ValidationMetric: SchemaValue {}

extension DeviceChoice: SchemaValue {
    /// `cpu`, `auto`, `cuda` or `cuda:N`.
    public static func read(_ node: YAMLNode) -> DeviceChoice? { node.string.flatMap(DeviceChoice.init) }
    /// The device as a pipeline writes it.
    public var schemaDefault: DefaultValue { .scalar(.string(description)) }
}

extension Array: SchemaValue where Element == Int {
    /// A list of integers (entries of other types are left out: the schema check has reported them).
    public static func read(_ node: YAMLNode) -> [Int]? { node.items?.compactMap(\.int) }
    /// The integers as a list default.
    public var schemaDefault: DefaultValue { .list(map { .int($0) }) }
}

/// The whole pipeline language (version 1), parameterised by the model zoo's names.
public enum PipelineSchema {
    /// The current pipeline language version.
    public static let version = 1

    static let selectorList: SchemaType = .array(.string(), minItems: 1)

    static let freezeObject = ObjectSchema("What the kept pre-trained layers do in training.", [
        SchemaField("layers", .oneOf([.enumeration(["all", "none"]), selectorList]),
                    doc: "`all`, `none`, or layer selectors (a name selects the layer and everything inside it; `*` matches any run of characters)."),
        SchemaField("up_to", .string(), doc: "Freeze every layer from the input up to and including this one."),
        SchemaField("batchnorm", .enumeration(["eval", "train"]), default: .scalar(.string("eval")),
                    doc: "Frozen BatchNorm layers: `eval` uses and keeps the running statistics; `train` normalises with batch statistics and updates them."),
        SchemaField("unfreeze", .array(.object(ObjectSchema("A gradual unfreezing step.", [
            SchemaField("epoch", .integer(min: 1), required: true, doc: "The epoch (1-based) from which these layers train."),
            SchemaField("layers", selectorList, required: true, doc: "Layer selectors to unfreeze."),
        ]))), default: .list([]), doc: "Gradual unfreezing schedule."),
        SchemaField("lr_mult", .dictionary(.number(.nonNegative)),
                    doc: "Learning-rate multipliers by layer selector (the head included), e.g. `{layer4: 0.1}`."),
    ])

    static func optimizer(_ doc: String, lr: Double, _ fields: [SchemaField]) -> ObjectSchema {
        ObjectSchema(doc, [
            SchemaField("lr", .number(.positive), default: .scalar(.double(lr)), doc: "Learning rate."),
            SchemaField("weight_decay", .number(.nonNegative), default: .scalar(.double(0)), doc: "Weight decay."),
        ] + fields)
    }

    static let adamFields = [
        SchemaField("betas", .array(.number(.unitHalfOpen), minItems: 2, maxItems: 2),
                    default: .list([.double(0.9), .double(0.999)]), doc: "Moment decay rates, each in [0, 1)."),
        SchemaField("eps", .number(.positive), default: .scalar(.double(1e-8)), doc: "Added to the denominator."),
    ]

    static let optimizerType: SchemaType = .tagged(key: "type", variants: [
        (OptimizerType.sgd.rawValue, optimizer("Stochastic gradient descent (torch.optim.SGD).", lr: 0.01, [
            SchemaField("momentum", .number(.unitHalfOpen), default: .scalar(.double(0)), doc: "Momentum in [0, 1)."),
            SchemaField("dampening", .number(.unitHalfOpen), default: .scalar(.double(0)), doc: "Momentum dampening."),
            SchemaField("nesterov", .boolean, default: .scalar(.bool(false)), doc: "Nesterov momentum (needs momentum > 0, dampening 0)."),
        ])),
        (OptimizerType.adam.rawValue, optimizer("Adam (torch.optim.Adam; L2 weight decay).", lr: 0.001, adamFields)),
        (OptimizerType.adamw.rawValue, ObjectSchema("AdamW (torch.optim.AdamW; decoupled weight decay).", [
            SchemaField("lr", .number(.positive), default: .scalar(.double(0.001)), doc: "Learning rate."),
            SchemaField("weight_decay", .number(.nonNegative), default: .scalar(.double(0.01)), doc: "Decoupled weight decay."),
        ] + adamFields)),
    ])

    static func schedule(_ doc: String, _ fields: [SchemaField]) -> ObjectSchema {
        ObjectSchema(doc, fields + [
            SchemaField("warmup_epochs", .integer(min: 0), default: .scalar(.int(0)), doc: "Linear warm-up epochs before the schedule."),
            SchemaField("warmup_start_factor", .number(NumberRange(min: 0, minExclusive: true, max: 1)),
                        default: .scalar(.double(0.1)), doc: "Fraction of the learning rate the warm-up starts from."),
        ])
    }

    static let scheduleType: SchemaType = .tagged(key: "type", variants: [
        (ScheduleType.constant.rawValue, schedule("A constant learning rate.", [])),
        (ScheduleType.step.rawValue, schedule("Multiply by gamma every step_size epochs.", [
            SchemaField("step_size", .integer(min: 1), required: true, doc: "Epochs between decays."),
            SchemaField("gamma", .number(.positive), default: .scalar(.double(0.1)), doc: "Decay factor."),
        ])),
        (ScheduleType.multistep.rawValue, schedule("Multiply by gamma at each milestone epoch.", [
            SchemaField("milestones", .array(.integer(min: 1), minItems: 1), required: true, doc: "Epochs at which to decay."),
            SchemaField("gamma", .number(.positive), default: .scalar(.double(0.1)), doc: "Decay factor."),
        ])),
        (ScheduleType.cosine.rawValue, schedule("Cosine annealing to eta_min over t_max epochs.", [
            SchemaField("t_max", .integer(min: 1), doc: "Epochs of one half-cosine; defaults to train.epochs."),
            SchemaField("eta_min", .number(.nonNegative), default: .scalar(.double(0)), doc: "Final learning rate."),
        ])),
    ])

    static let train = ObjectSchema("Training loop settings.", [
        SchemaField("epochs", .integer(min: 1), default: .scalar(.int(10)), doc: "Epochs to train."),
        SchemaField("batch_size", .integer(min: 1), default: .scalar(.int(64)), doc: "Images per step."),
        SchemaField("early_stopping", .object(ObjectSchema("Stop when the validation metric stops improving.", [
            SchemaField("metric", .enumeration(ValidationMetric.allCases.map(\.rawValue)), default: .scalar(.string(ValidationMetric.valLoss.rawValue)), doc: "Metric watched."),
            SchemaField("patience", .integer(min: 1), default: .scalar(.int(3)), doc: "Epochs without improvement before stopping."),
            SchemaField("min_delta", .number(.nonNegative), default: .scalar(.double(0)), doc: "Smallest change that counts as improvement."),
        ])), doc: "Early stopping (needs a validation split)."),
        SchemaField("best_metric", .enumeration(["last"] + ValidationMetric.allCases.map(\.rawValue)), default: .scalar(.string("last")),
                    doc: "Which epoch's weights are kept: the last, or the best on a validation metric."),
        SchemaField("grad_clip", .number(.positive), doc: "Clip the global gradient norm to this value."),
        SchemaField("label_smoothing", .number(.unitHalfOpen), default: .scalar(.double(0)), doc: "Cross-entropy label smoothing."),
        SchemaField("threads", .integer(min: 0), default: .scalar(.int(0)), doc: "Compute threads; 0 uses every core."),
        SchemaField("feature_cache", .boolean, default: .scalar(.bool(true)),
                    doc: "Compute frozen features once and train the head on them when that is exact."),
        SchemaField("sync_batchnorm", .boolean, default: .scalar(.bool(false)),
                    doc: "Under `mpirun`, BatchNorm layers normalise by the whole global batch's statistics (as PyTorch's SyncBatchNorm) instead of each process's share."),
    ])

    static let renameRule: SchemaType = .keyed(variants: [
        ("strip_prefix", ObjectSchema("Remove a prefix from the names that start with it.", [
            SchemaField("strip_prefix", .string(examples: ["module.", "backbone."]), required: true,
                        doc: "The prefix, such as `module.` (added by DataParallel) or `backbone.`."),
        ])),
        ("regex", ObjectSchema("Rewrite names with a regular expression, as Python's `re.sub` does.", [
            SchemaField("regex", .string(examples: ["^backbone\\.(.*)$"]), required: true,
                        doc: "The pattern (ICU / NSRegularExpression syntax); every match in a name is replaced."),
            SchemaField("replace", .string(examples: ["$1"]), required: true,
                        doc: "The replacement: `$1`, `$2`, … insert a group, `$0` the whole match, `\\$` a literal dollar sign."),
        ])),
        ("drop", ObjectSchema("Ignore tensors whose names match a pattern.", [
            SchemaField("drop", .string(examples: ["^aux_head\\."]), required: true,
                        doc: "The pattern (ICU / NSRegularExpression syntax), searched anywhere in the name; anchor it with `^` and `$`."),
        ])),
    ])

    static func source(modelNames: [String], layer: SchemaType) -> ObjectSchema {
        ObjectSchema("The pre-trained network.", [
            SchemaField("model", .oneOf([.enumeration(modelNames), .array(layer, minItems: 1)]), required: true,
                        doc: "A zoo name (`tlrun zoo` lists them) or an inline list of layers."),
            SchemaField("input", .array(.integer(min: 1), minItems: 3, maxItems: 3),
                        doc: "Input `[channels, height, width]`; defaults to the zoo model's."),
            SchemaField("classes", .integer(min: 1), doc: "The original number of classes; defaults to the zoo model's."),
            SchemaField("weights", .oneOf([
                .string(examples: ["random", "weights.safetensors", "model.pth"]),
                .object(ObjectSchema("The output of another pipeline.", [
                    SchemaField("pipeline", .string(), required: true, doc: "That pipeline's file (relative to this one); run first when its output is missing or stale."),
                ])),
            ]), required: true, doc: "`random`, a `.safetensors` or `.pth` file, or `{pipeline: other.yaml}`."),
            SchemaField("key", .string(examples: ["state_dict", "model", "model_state_dict"]),
                        doc: "For a nested PyTorch checkpoint: the entry that holds the tensors; by default the top level when it holds tensors, else `state_dict`, `model_state_dict` or `model`."),
            SchemaField("rename", .array(renameRule), default: .list([]),
                        doc: "Rules applied in order to every tensor name read from the weights file, before the names are matched to the network's."),
        ])
    }

    /// The complete top-level object schema for the given zoo model names and layer-language entries.
    public static func pipeline(modelNames: [String], layers: [(tag: String, schema: ObjectSchema)]) -> ObjectSchema {
        let layer = LayerSchema.layer(layers)
        return ObjectSchema("A tlrun transfer-learning pipeline.", [
            SchemaField("version", .integer(min: version, max: version), required: true, doc: "Pipeline language version (1)."),
            SchemaField("name", .string(pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$"), required: true, doc: "Pipeline name; runs go to `<output.dir>/<name>/`."),
            SchemaField("description", .string(), doc: "Free text."),
            SchemaField("extends", .string(), doc: "A base pipeline file (relative to this one) deep-merged under this one."),
            SchemaField("seed", .integer(min: 0), default: .scalar(.int(0)), doc: "Seed for initialisation, shuffling, augmentation and dropout, and for the data draws unless `dataset.seed` is set."),
            SchemaField("case", .integer(min: 1, max: 4),
                        doc: "Transfer-learning case shorthand: fills slice, freeze and head defaults (see README)."),
            SchemaField("source", .object(source(modelNames: modelNames, layer: layer)), required: true, doc: "The pre-trained network."),
            SchemaField("dataset", DataSchema.dataset, required: true, doc: "The new data."),
            SchemaField("slice", .oneOf([
                .string(),
                .object(ObjectSchema("Cut before a layer.", [
                    SchemaField("before", .string(), required: true, doc: "Keep everything before this layer."),
                ])),
            ]), doc: "Keep the source network up to and including this layer (or `{before: layer}`); default: keep all."),
            SchemaField("freeze", .oneOf([.enumeration(["all", "none"]), .object(freezeObject)]),
                        default: .scalar(.string("none")), doc: "`all`, `none`, or a freeze policy."),
            SchemaField("head", .array(layer), doc: "Layers added after the slicing point (`[]` trains the kept network as it is)."),
            SchemaField("device", .string(pattern: "^(cpu|auto|cuda(:[0-9]+)?)$", examples: ["cpu", "auto", "cuda", "cuda:0"]),
                        default: .scalar(.string("cpu")), doc: "`cpu`, `cuda`, `cuda:N`, or `auto`."),
            SchemaField("optimizer", optimizerType, default: .mapping([("type", .scalar(.string("adam")))]), doc: "The optimizer."),
            SchemaField("schedule", scheduleType, default: .mapping([("type", .scalar(.string("constant")))]), doc: "The learning-rate schedule (per epoch)."),
            SchemaField("train", .object(train), default: .mapping([]), doc: "Training loop settings."),
            SchemaField("output", .object(ObjectSchema("Where results go.", [
                SchemaField("dir", .string(), default: .scalar(.string("runs")), doc: "Runs folder (relative to the working directory)."),
                SchemaField("onnx", .boolean, default: .scalar(.bool(false)),
                            doc: "Also write the trained model as `model.onnx` (opset 17, dynamic batch), as `tlrun export` does."),
            ])), default: .mapping([]), doc: "Where results go."),
        ])
    }
}

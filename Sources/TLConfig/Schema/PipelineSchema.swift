/// The whole pipeline language (version 1), parameterised by the model zoo's names.
public enum PipelineSchema {
    /// The current pipeline language version.
    public static let version = 1

    static let selectorList: SchemaType = .array(.string(), minItems: 1)

    static let freezeObject = ObjectSchema(
        "What the kept pre-trained layers do in training.",
        [
            SchemaField(
                "layers", .oneOf([.enumeration(["all", "none"]), selectorList]),
                doc:
                    "`all`, `none`, or layer selectors (a name selects the layer and everything inside it; `*` matches any run of characters)."
            ),
            FreezeKeys.upTo.field,
            FreezeKeys.batchnorm.field,
            SchemaField(
                "unfreeze",
                .array(
                    .object(
                        ObjectSchema(
                            "A gradual unfreezing step.",
                            [
                                SchemaField(
                                    "epoch", .integer(min: 1), required: true,
                                    doc: "The epoch (1-based) from which these layers train."),
                                SchemaField(
                                    "layers", selectorList, required: true, doc: "Layer selectors to unfreeze."),
                            ]))), default: .list([]), doc: "Gradual unfreezing schedule."),
            SchemaField(
                "lr_mult", .dictionary(.number(.nonNegative)),
                doc: "Learning-rate multipliers by layer selector (the head included), e.g. `{layer4: 0.1}`."),
        ])

    static let optimizerType: SchemaType = .tagged(
        key: "type",
        variants: OptimizerType.allCases.map { type in
            (type.rawValue, ObjectSchema(OptimizerKeys.doc(type), keys: OptimizerKeys.keys(type)))
        })

    static let scheduleType: SchemaType = .tagged(
        key: "type",
        variants: ScheduleType.allCases.map { type in
            (type.rawValue, ObjectSchema(ScheduleKeys.doc(type), keys: ScheduleKeys.keys(type)))
        })

    static let train = ObjectSchema("Training loop settings.", keys: TrainKeys.all)

    static let renameRule: SchemaType = .keyed(variants: [
        (
            "strip_prefix",
            ObjectSchema(
                "Remove a prefix from the names that start with it.",
                [
                    SchemaField(
                        "strip_prefix", .string(examples: ["module.", "backbone."]), required: true,
                        doc: "The prefix, such as `module.` (added by DataParallel) or `backbone.`.")
                ])
        ),
        (
            "regex",
            ObjectSchema(
                "Rewrite names with a regular expression, as Python's `re.sub` does.",
                [
                    SchemaField(
                        "regex", .string(examples: ["^backbone\\.(.*)$"]), required: true,
                        doc: "The pattern (ICU / NSRegularExpression syntax); every match in a name is replaced."),
                    SchemaField(
                        "replace", .string(examples: ["$1"]), required: true,
                        doc:
                            "The replacement: `$1`, `$2`, … insert a group, `$0` the whole match, `\\$` a literal dollar sign."
                    ),
                ])
        ),
        (
            "drop",
            ObjectSchema(
                "Ignore tensors whose names match a pattern.",
                [
                    SchemaField(
                        "drop", .string(examples: ["^aux_head\\."]), required: true,
                        doc:
                            "The pattern (ICU / NSRegularExpression syntax), searched anywhere in the name; anchor it with `^` and `$`."
                    )
                ])
        ),
    ])

    static func source(modelNames: [String], layer: SchemaType) -> ObjectSchema {
        ObjectSchema(
            "The pre-trained network.",
            [
                SchemaField(
                    "model", .oneOf([.enumeration(modelNames), .array(layer, minItems: 1)]), required: true,
                    doc: "A zoo name (`tlrun zoo` lists them) or an inline list of layers."),
                SchemaField(
                    "input", .array(.integer(min: 1), minItems: 3, maxItems: 3),
                    doc: "Input `[channels, height, width]`; defaults to the zoo model's."),
                SchemaField(
                    "classes", .integer(min: 1), doc: "The original number of classes; defaults to the zoo model's."),
                SchemaField(
                    "weights",
                    .oneOf([
                        .string(examples: ["random", "weights.safetensors", "model.pth"]),
                        .object(
                            ObjectSchema(
                                "The output of another pipeline.",
                                [
                                    SchemaField(
                                        "pipeline", .string(), required: true,
                                        doc:
                                            "That pipeline's file (relative to this one); run first when its output is missing or stale."
                                    )
                                ])),
                    ]), required: true, doc: "`random`, a `.safetensors` or `.pth` file, or `{pipeline: other.yaml}`."),
                SchemaField(
                    "key", .string(examples: ["state_dict", "model", "model_state_dict"]),
                    doc:
                        "For a nested PyTorch checkpoint: the entry that holds the tensors; by default the top level when it holds tensors, else `state_dict`, `model_state_dict` or `model`."
                ),
                SchemaField(
                    "rename", .array(renameRule), default: .list([]),
                    doc:
                        "Rules applied in order to every tensor name read from the weights file, before the names are matched to the network's."
                ),
            ])
    }

    /// The complete top-level object schema for the given zoo model names, layer-language entries and dataset schema.
    public static func pipeline(
        modelNames: [String], layers: [(tag: String, schema: ObjectSchema)], dataset: SchemaType
    ) -> ObjectSchema {
        let layer = LayerSchema.layer(layers)
        return ObjectSchema(
            "A tlrun transfer-learning pipeline.",
            keys: [
                SchemaField(
                    "version", .integer(min: version, max: version), required: true,
                    doc: "Pipeline language version (1)."),
                TopKeys.name,
                TopKeys.description,
                SchemaField(
                    "extends", .string(), doc: "A base pipeline file (relative to this one) deep-merged under this one."
                ),
                TopKeys.seed,
                TopKeys.transferCase,
                SchemaField(
                    "source", .object(source(modelNames: modelNames, layer: layer)), required: true,
                    doc: "The pre-trained network."),
                SchemaField("dataset", dataset, required: true, doc: "The new data."),
                SchemaField(
                    "slice",
                    .oneOf([
                        .string(),
                        .object(
                            ObjectSchema(
                                "Cut before a layer.",
                                [
                                    SchemaField(
                                        "before", .string(), required: true, doc: "Keep everything before this layer.")
                                ])),
                    ]),
                    doc:
                        "Keep the source network up to and including this layer (or `{before: layer}`); default: keep all."
                ),
                SchemaField(
                    "freeze", .oneOf([.enumeration(["all", "none"]), .object(freezeObject)]),
                    default: .scalar(.string("none")), doc: "`all`, `none`, or a freeze policy."),
                SchemaField(
                    "head", .array(layer),
                    doc: "Layers added after the slicing point (`[]` trains the kept network as it is)."),
                TopKeys.device,
                SchemaField(
                    "optimizer", optimizerType,
                    default: .mapping([("type", .scalar(.string(OptimizerKeys.defaultType.rawValue)))]),
                    doc: "The optimizer."),
                SchemaField(
                    "schedule", scheduleType,
                    default: .mapping([("type", .scalar(.string(ScheduleKeys.defaultType.rawValue)))]),
                    doc: "The learning-rate schedule (per epoch)."),
                SchemaField("train", .object(train), default: .mapping([]), doc: "Training loop settings."),
                SchemaField(
                    "output", .object(ObjectSchema("Where results go.", keys: [OutputKeys.dir, OutputKeys.onnx])),
                    default: .mapping([]), doc: "Where results go."),
            ])
    }
}

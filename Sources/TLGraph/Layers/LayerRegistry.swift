import TLConfig

/// Every layer type tlrun knows; the validator, the compiler, the summary and the feature cache ask the types
/// listed here instead of switching over operations.
public enum LayerRegistry {
    /// The layer-language entries, in the order the schema documents them.
    public static let syntaxes: [any LayerSyntax.Type] = [
        Conv2dOp.self, LinearOp.self, ReLUOp.self, LeakyReLUOp.self, GELUOp.self, SigmoidOp.self, MaxPool2dOp.self, AvgPool2dOp.self,
        AdaptiveAvgPool2dOp.self, GlobalAvgPoolOp.self, BatchNorm2dSyntax.self, BatchNorm1dSyntax.self, DropoutOp.self,
        FlattenOp.self, BasicBlockSyntax.self,
    ]

    /// Every operation type, written in pipelines or only made by the zoo and shape inference.
    public static let operations: [any LayerOperation.Type] = [
        Conv2dOp.self, LinearOp.self, ReLUOp.self, LeakyReLUOp.self, GELUOp.self, SigmoidOp.self, MaxPool2dOp.self, AvgPool2dOp.self,
        AdaptiveAvgPool2dOp.self, GlobalAvgPoolOp.self, BatchNormOp.self, DropoutOp.self, FlattenOp.self, ResidualOp.self,
    ]

    /// The schema variants of the layer language, for `PipelineSchema`.
    public static var schemaVariants: [(tag: String, schema: ObjectSchema)] { syntaxes.map { ($0.tag, $0.schema) } }

    /// The entry type written as `op: tag`, if any.
    public static func syntax(_ tag: String) -> (any LayerSyntax.Type)? { syntaxes.first { $0.tag == tag } }
}

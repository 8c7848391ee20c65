import TLEngine
import TLGraph
import TLONNX

/// Every layer type of this build, each registered once with all its views: `register` requires the graph view
/// (`LayerOperation`), the kernel view (`KernelLayer`) and the ONNX view (`ONNXLayer`) by type, so a layer type
/// missing one of them does not compile.
public enum LayerCatalog {
    /// The layer language with every registered type, in the order the pipeline reference documents their entries.
    public static let language = LayerLanguage([
        register(Conv2dOp.self, writtenAs: Conv2dOp.self),
        register(LinearOp.self, writtenAs: LinearOp.self),
        register(ReLUOp.self, writtenAs: ReLUOp.self),
        register(LeakyReLUOp.self, writtenAs: LeakyReLUOp.self),
        register(ReLU6Op.self, writtenAs: ReLU6Op.self),
        register(HardswishOp.self, writtenAs: HardswishOp.self),
        register(HardsigmoidOp.self, writtenAs: HardsigmoidOp.self),
        register(SiLUOp.self, writtenAs: SiLUOp.self),
        register(GELUOp.self, writtenAs: GELUOp.self),
        register(SigmoidOp.self, writtenAs: SigmoidOp.self),
        register(TanhOp.self, writtenAs: TanhOp.self),
        register(SoftplusOp.self, writtenAs: SoftplusOp.self),
        register(MaxPool2dOp.self, writtenAs: MaxPool2dOp.self),
        register(AvgPool2dOp.self, writtenAs: AvgPool2dOp.self),
        register(AdaptiveAvgPool2dOp.self, writtenAs: AdaptiveAvgPool2dOp.self),
        register(GlobalAvgPoolOp.self, writtenAs: GlobalAvgPoolOp.self),
        register(BatchNormOp.self, writtenAs: BatchNorm2dSyntax.self, BatchNorm1dSyntax.self),
        register(LayerNormOp.self, writtenAs: LayerNormOp.self),
        register(DropoutOp.self, writtenAs: DropoutOp.self),
        register(StochasticDepthOp.self, writtenAs: StochasticDepthOp.self),
        register(FlattenOp.self, writtenAs: FlattenOp.self),
        register(ChannelShuffleOp.self, writtenAs: ChannelShuffleOp.self),
        register(ResidualOp.self, writtenAs: BasicBlockSyntax.self),
        register(SequenceOp.self),
        register(GateOp.self),
        register(ConcatOp.self),
        register(PointwiseLinearOp.self),
        register(LayerScaleOp.self),
        register(ChannelChunkOp.self),
        register(AuxiliaryClassifierOp.self),
        register(ChannelAffineOp.self),
        register(ClassTokenOp.self),
        register(PositionEmbeddingOp.self),
        register(SelfAttentionOp.self),
        register(TokenPoolOp.self, writtenAs: TokenPoolOp.self),
        register(WindowAttentionOp.self),
        register(PatchMergingOp.self),
    ])

    /// The entry of a layer type that has every view, written in pipelines as the `syntaxes` entries (none for a
    /// type only the zoo and shape inference make).
    static func register<Operation: LayerOperation & KernelLayer & ONNXLayer>(
        _ operation: Operation.Type, writtenAs syntaxes: any LayerSyntax.Type...
    ) -> LayerLanguage.Entry {
        LayerLanguage.Entry(operation: operation, syntaxes: syntaxes)
    }
}

extension PipelineValidator {
    /// The validator of this build's pipeline language: every registered layer type.
    public static let standard = PipelineValidator(layers: LayerCatalog.language)
}

extension SweepValidator {
    /// The validator of this build's sweep files, whose trials `PipelineValidator.standard` validates.
    public static let standard = SweepValidator(pipelines: .standard)
}

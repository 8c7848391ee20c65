import TLFiles

/// A place where `slice` can cut a source network: after a unit (a conv, linear or residual layer with what follows
/// it up to the next such layer), named by the shortest selector that ends there.
public struct CutPoint: Sendable, Equatable {
    /// The `slice` value that cuts here (`conv2`, `layer3`).
    public let name: String
    /// How many top-level source layers the cut keeps.
    public let keptLayers: Int
    /// The shape of one image's features at the cut.
    public let output: TensorShape
    /// Trainable parameters of the kept layers.
    public let keptParameters: Int
    /// How many kept layers compute something (convolutions, linear layers, self-attention; nested ones counted).
    public let depth: Int
}

/// The candidate cut points of a source network, from the input to just before its classifier.
public enum CutPoints {
    /// Every cut point of `layers` (resolved, top level) on `input`, in order. A cut lands before each conv, linear or
    /// residual layer; a flatten (or an auxiliary classifier, which a cut drops) just before that layer stays with the
    /// head, so the cut names the layer before it (`conv3`, not `flatten`). Cuts between the residual blocks of one stage (`layer1.0` and `layer1.1`) are left out.
    public static func candidates(_ layers: [Layer], input: TensorShape) -> [CutPoint] {
        let outputs = outputShapes(layers, input: input)
        var cuts: [CutPoint] = []
        for next in layers.indices.dropFirst() where startsUnit(layers[next]) {
            var end = next - 1
            while end >= 0, layers[end].op is FlattenOp || layers[end].op is AuxiliaryClassifierOp { end -= 1 }
            guard end >= 0, cuts.last.map({ $0.keptLayers <= end }) ?? true,
                !insideStage(layers[end], next: layers[next], in: layers),
                let name = selector(endingAt: end, in: layers),
                let cut = cutPoint(name, end: end, layers: layers, outputs: outputs)
            else { continue }
            cuts.append(cut)
        }
        return cuts
    }

    /// The cut `slice: name` makes (through the last top-level layer the selector matches), when it keeps a layer and
    /// leaves one for a head; nil for a name that selects no top-level layer, or the last one.
    public static func cut(named name: String, in layers: [Layer], input: TensorShape) -> CutPoint? {
        let selector = LayerSelector(name)
        guard let end = layers.lastIndex(where: { selector.matches($0.name) }), end < layers.count - 1 else {
            return nil
        }
        return cutPoint(name, end: end, layers: layers, outputs: outputShapes(layers, input: input))
    }

    /// Each layer's output shape by name (empty when the network does not fit its input).
    private static func outputShapes(_ layers: [Layer], input: TensorShape) -> [String: TensorShape] {
        let inference = ShapeInference.run(layers, input: input)
        guard inference.problems.isEmpty else { return [:] }
        return Dictionary(inference.inferred.map { ($0.layer.name, $0.output) }, uniquingKeysWith: { _, last in last })
    }

    /// The cut named `name` that keeps `layers[...end]`.
    private static func cutPoint(_ name: String, end: Int, layers: [Layer], outputs: [String: TensorShape]) -> CutPoint?
    {
        guard let output = outputs[layers[end].name] else { return nil }
        let kept = layers[...end].flatMap(\.flattened)
        return CutPoint(
            name: name, keptLayers: end + 1, output: output,
            keptParameters: kept.flatMap(\.ownParameters).trainableCount,
            depth: kept.filter(computes).count)
    }

    /// The shortest dotted prefix of `layers[end]`'s name whose last matching top-level layer is `end`.
    static func selector(endingAt end: Int, in layers: [Layer]) -> String? {
        let parts = layers[end].name.split(separator: ".")
        for length in 1...parts.count {
            let candidate = parts.prefix(length).joined(separator: ".")
            let selector = LayerSelector(candidate)
            if layers.lastIndex(where: { selector.matches($0.name) }) == end { return candidate }
        }
        return nil
    }

    /// Whether a cut between `layer` and `next` would fall between two blocks of one stage: blocks whose names share
    /// a parent that names nothing but blocks (ResNet's `layer1.0` and `layer1.1`; not MobileNet's `features.5` and
    /// `features.6`, whose parent `features` holds the stem's layers too). A network with one such stage (a ViT's
    /// `encoder.layers`) has no stages to cut between: its blocks are the cut points.
    static func insideStage(_ layer: Layer, next: Layer, in layers: [Layer]) -> Bool {
        guard isBlock(layer), isBlock(next), let parent = parentName(layer.name), parent == parentName(next.name) else {
            return false
        }
        let stages = Set(
            layers.filter(isBlock).compactMap { parentName($0.name) }.filter { stage in
                layers.allSatisfy { !$0.name.hasPrefix(stage + ".") || isBlock($0) }
            })
        return stages.count > 1 && layers.allSatisfy { !$0.name.hasPrefix(parent + ".") || isBlock($0) }
    }

    /// A name without its last dotted part (nil for a name of one part).
    private static func parentName(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return String(name[..<dot])
    }

    /// Whether `layer` holds other layers (a residual block, a sequence block or a gate).
    static func isBlock(_ layer: Layer) -> Bool { !layer.op.nestedLayers.isEmpty }

    /// Whether `layer` is one of the layers a cut point's depth counts: convolutions, linear layers (a ViT's and
    /// ConvNeXt's pointwise ones too) and self-attention (a Swin block's window attention too).
    static func computes(_ layer: Layer) -> Bool {
        (startsUnit(layer) && !isBlock(layer)) || layer.op is PointwiseLinearOp || layer.op is SelfAttentionOp
            || layer.op is WindowAttentionOp
    }

    /// Whether `layer` begins a unit a cut can end before.
    static func startsUnit(_ layer: Layer) -> Bool {
        (layer.op is Conv2dOp || layer.op is LinearOp || isBlock(layer)) && !(layer.op is AuxiliaryClassifierOp)
    }
}

extension ValidationResult {
    /// The pipeline's whole source network before slicing (shapes resolved) and its input, when it can be built.
    public var sourceNetwork: (layers: [Layer], input: TensorShape)? {
        var builder = TransferGraphBuilder(pipeline: pipeline, layers: layers, sink: DiagnosticSink(config: config))
        guard let (layers, input) = builder.sourceModel() else { return nil }
        let inference = ShapeInference.run(layers, input: input)
        guard inference.problems.isEmpty else { return nil }
        return (inference.layers, input)
    }
}

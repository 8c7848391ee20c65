import Foundation

/// Swin's (shifted) window multi-head self-attention over an N×C×H×W map, as torchvision's `ShiftedWindowAttention`:
/// the map padded to whole windows, rolled by `shift` (see `WindowPartition`), each window's tokens attending to each
/// other with `qkv` (3C×C) and `proj`, the scores scaled by 1/√(C/heads) and offset by the learned relative position
/// bias (`relative_position_bias_table`, read through `relative_position_index`) and, when rolled, the seams' mask;
/// then rolled back and cropped. Output and input have one shape.
///
/// Swin V2's (`ShiftedWindowAttentionV2`, `cosine`) differs: the scores are cosine similarities of queries and keys
/// times a learned per-head scale (exp of `logit_scale`, at most 100), the keys' bias is left out, and the bias table
/// is 16·sigmoid of a small MLP (`cpb_mlp`: 2 → 512, ReLU, → heads) of the log-spaced relative coordinates
/// (`relative_coords_table`).
public struct WindowAttentionOp: LayerOperation, Equatable {
    /// Heads, each attending with C/heads channels.
    public var heads: Int
    /// The window's height and width, and the shift of the odd blocks (half the window; zero for the even ones).
    public var window: [Int]
    public var shift: [Int]
    /// Swin V2's scaled cosine attention and continuous position bias.
    public var cosine: Bool
    /// The input's channels (filled in by shape inference).
    public var channels: Int?

    /// Creates window attention with `heads` heads over windows of `window` rolled by `shift` (Swin V2's with `cosine`).
    public init(heads: Int, window: [Int], shift: [Int], cosine: Bool = false) {
        self.heads = heads
        self.window = window
        self.shift = shift
        self.cosine = cosine
    }

    /// The hidden width of Swin V2's position bias MLP.
    public static let biasHiddenWidth = 512

    /// The windows of one window-sized map: what the tensors' shapes depend on.
    public var windowShape: WindowPartition {
        WindowPartition(height: window[0], width: window[1], window: window, shift: shift)
    }

    public var kind: String { "window_attention" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        let c = step.input.dims[0]
        guard SelfAttentionOp.checkHeads(heads, step, &inference) else { return nil }
        channels = c
        let partition = WindowPartition(
            height: step.input.dims[1], width: step.input.dims[2], window: window, shift: shift)
        let positions = partition.windowCount * partition.tokens
        // The projections (4·C² per token of the padded map), the two products within each window (2·T·C), and V2's
        // bias MLP (each offset's 2 coordinates to 512, then to the heads).
        let mlp = cosine ? windowShape.relativeOffsets * Self.biasHiddenWidth * (2 + heads) : 0
        guard let projections = inference.cost(step, [4, positions, c, c], key: nil),
            let products = inference.cost(step, [2, positions, partition.tokens, c], key: nil)
        else { return nil }
        return inference.record(step, self, output: step.input, macs: projections + products + mlp)
    }

    /// torchvision's tensors in its state_dict order: the bias table (trunc_normal_, std 0.02) and its index buffer
    /// (V2: the logit scale at ln 10, the coordinates and index buffers), then `qkv` and `proj` as SwinTransformer
    /// initialises every linear layer (trunc_normal_, std 0.02, zero bias), then V2's `cpb_mlp` likewise.
    public func parameters(named name: String) -> [ParameterInfo] {
        let c = channels ?? 0, partition = windowShape, hidden = Self.biasHiddenWidth
        let linear = InitialValue.normal(std: 0.02, bound: 2)
        let index = ParameterInfo(
            name: name + ".relative_position_index", shape: [partition.tokens * partition.tokens], trainable: false,
            initial: .values(partition.relativePositionIndex.map(Float.init)))
        let projections = [
            ParameterInfo(name: name + ".qkv.weight", shape: [3 * c, c], initial: linear),
            ParameterInfo(name: name + ".qkv.bias", shape: [3 * c], initial: .zeros),
            ParameterInfo(name: name + ".proj.weight", shape: [c, c], initial: linear),
            ParameterInfo(name: name + ".proj.bias", shape: [c], initial: .zeros),
        ]
        guard cosine else {
            return [
                ParameterInfo(
                    name: name + ".relative_position_bias_table", shape: [partition.relativeOffsets, heads],
                    initial: linear), index,
            ] + projections
        }
        return [
            ParameterInfo(name: name + ".logit_scale", shape: [heads, 1, 1], initial: .filled(log(10))),
            ParameterInfo(
                name: name + ".relative_coords_table", shape: [1, 2 * window[0] - 1, 2 * window[1] - 1, 2],
                trainable: false, initial: .values(partition.relativeCoordinates)), index,
        ] + projections + [
            ParameterInfo(name: name + ".cpb_mlp.0.weight", shape: [hidden, 2], initial: linear),
            ParameterInfo(name: name + ".cpb_mlp.0.bias", shape: [hidden], initial: .zeros),
            ParameterInfo(name: name + ".cpb_mlp.2.weight", shape: [heads, hidden], initial: linear),
        ]
    }
}

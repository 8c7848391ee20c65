/// Swin's (shifted) window multi-head self-attention over an N×C×H×W map, as torchvision's `ShiftedWindowAttention`:
/// the map padded to whole windows, rolled by `shift` (see `WindowPartition`), each window's tokens attending to each
/// other with `qkv` (3C×C) and `proj`, the scores scaled by 1/√(C/heads) and offset by the learned relative position
/// bias (`relative_position_bias_table`, read through `relative_position_index`) and, when rolled, the seams' mask;
/// then rolled back and cropped. Output and input have one shape.
public struct WindowAttentionOp: LayerOperation, Equatable {
    public var heads: Int
    /// The window's height and width, and the shift of the odd blocks (half the window; zero for the even ones).
    public var window: [Int]
    public var shift: [Int]
    public var channels: Int?
    /// The partition at the input's size (filled in by shape inference).
    public var geometry: WindowPartition?

    /// Creates window attention with `heads` heads over windows of `window` rolled by `shift`.
    public init(heads: Int, window: [Int], shift: [Int]) {
        self.heads = heads
        self.window = window
        self.shift = shift
    }

    public var kind: String { "window_attention" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        let c = step.input.dims[0]
        guard SelfAttentionOp.checkHeads(heads, step, &inference) else { return nil }
        channels = c
        let partition = WindowPartition(
            height: step.input.dims[1], width: step.input.dims[2], window: window, shift: shift)
        geometry = partition
        let positions = partition.windowCount * partition.tokens
        // The projections (4·C² per token of the padded map) and the two products within each window (2·T·C).
        guard let projections = inference.cost(step, [4, positions, c, c], key: nil),
            let products = inference.cost(step, [2, positions, partition.tokens, c], key: nil)
        else { return nil }
        return inference.record(step, self, output: step.input, macs: projections + products)
    }

    /// torchvision's tensors in its state_dict order: the bias table (trunc_normal_, std 0.02) and its index buffer,
    /// then `qkv` and `proj` as SwinTransformer initialises every linear layer (trunc_normal_, std 0.02, zero bias).
    public func parameters(named name: String) -> [ParameterInfo] {
        let c = channels ?? 0, partition = geometry ?? WindowPartition(height: 1, width: 1, window: window, shift: shift)
        let linear = InitialValue.normal(std: 0.02, bound: 2)
        return [
            ParameterInfo(
                name: name + ".relative_position_bias_table", shape: [partition.relativeOffsets, heads],
                initial: linear),
            ParameterInfo(
                name: name + ".relative_position_index", shape: [partition.tokens * partition.tokens],
                trainable: false, initial: .values(partition.relativePositionIndex.map(Float.init))),
            ParameterInfo(name: name + ".qkv.weight", shape: [3 * c, c], initial: linear),
            ParameterInfo(name: name + ".qkv.bias", shape: [3 * c], initial: .zeros),
            ParameterInfo(name: name + ".proj.weight", shape: [c, c], initial: linear),
            ParameterInfo(name: name + ".proj.bias", shape: [c], initial: .zeros),
        ]
    }
}

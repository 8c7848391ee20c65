/// Swin's `_patch_merging_pad`: an N×C×H×W map padded to an even height and width, each 2×2 patch's four positions
/// side by side in the channels, in torchvision's order (top left, bottom left, top right, bottom right): N×4C×⌈H/2⌉×⌈W/2⌉.
/// The patch merging's LayerNorm and `reduction` follow as layers of their own.
public struct PatchMergingOp: LayerOperation, Equatable {
    /// Creates the gathering of 2×2 patches.
    public init() {}

    public var kind: String { "patch_merging" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        let dims = step.input.dims
        return inference.record(step, self, output: TensorShape([4 * dims[0], (dims[1] + 1) / 2, (dims[2] + 1) / 2]))
    }

    /// The input position (dy, dx) each quarter of the output channels comes from.
    public static let quarters = [(0, 0), (1, 0), (0, 1), (1, 1)]
}

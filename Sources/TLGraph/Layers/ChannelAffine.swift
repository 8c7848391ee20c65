/// A fixed affine map of each channel, y = x·scale[c] + shift[c], with no tensors: GoogLeNet's and Inception v3's
/// `transform_input`, which turns ImageNet-normalised input into the [-1, 1] normalisation their weights expect.
public struct ChannelAffineOp: LayerOperation, Equatable {
    public var scale: [Double]
    public var shift: [Double]

    /// Creates the map with one scale and shift per channel.
    public init(scale: [Double], shift: [Double]) {
        self.scale = scale
        self.shift = shift
    }

    /// torchvision's `transform_input`: from ImageNet's mean and standard deviation to a mean and deviation of 0.5.
    public static let imageNetToHalf = ChannelAffineOp(
        scale: [0.229, 0.224, 0.225].map { $0 / 0.5 }, shift: [0.485, 0.456, 0.406].map { ($0 - 0.5) / 0.5 })

    public var kind: String { "channel_affine" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        guard step.input.dims[0] == scale.count else {
            inference.problem(
                "shape/channels", step, key: nil,
                "\(step.subject) maps \(scale.count) channels but gets \(step.input.dims[0])",
                expected: "\(scale.count) channels", got: step.input.description,
                hint: "this network takes \(scale.count)-channel images (set source.input and the dataset's channels)")
            return nil
        }
        return inference.record(step, self, output: step.input)
    }
}

/// One of `chunks` equal runs of an N×C×H×W map's channels (`torch.chunk(x, chunks, dim=1)[index]`): ShuffleNet V2's
/// split, whose first half passes a block unchanged while the second goes through it.
public struct ChannelChunkOp: LayerOperation, Equatable {
    public var chunks: Int
    public var index: Int

    /// Creates the `index`-th of `chunks` runs.
    public init(chunks: Int, index: Int) {
        self.chunks = chunks
        self.index = index
    }

    public var kind: String { "channel_chunk" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        let channels = step.input.dims[0]
        guard channels % chunks == 0 else {
            inference.problem(
                "shape/chunks", step, key: nil,
                "\(step.subject): the \(channels) input channels do not split into \(chunks) equal runs",
                expected: "a multiple of \(chunks) channels", got: "\(channels)")
            return nil
        }
        return inference.record(step, self, output: TensorShape([channels / chunks] + step.input.dims.dropFirst()))
    }

    /// The first input channel of the run.
    public func offset(channels: Int) -> Int { index * channels / chunks }
}

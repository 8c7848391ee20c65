import TLGraph

/// Average pooling written out (PyTorch's exact divisor rules), used for `global_avgpool` (whose result is flat), an
/// `adaptive_avgpool2d` whose output size does not divide the input's, and the `avgpool2d` windows oneDNN divides
/// differently (see `PoolingKernel.averaging`): every output cell averages one rectangular window of its channel
/// (plain layout; the input is reordered into it when it arrives blocked).
final class AveragePoolKernel: Kernel {
    let output: Value
    private let input: Value
    private let adapter: ReorderKernel?
    /// For each output cell of one channel: the window's rows, columns and divisor.
    private let windows: [(rows: Range<Int>, columns: Range<Int>, divisor: Float)]

    /// Windows for `avgpool2d` with kernel, stride, padding, `ceil_mode` and `count_include_pad` as PyTorch.
    convenience init(_ op: PoolWindow, input: Value, outputDims: [Int], context: DNNLContext, memory: PlanMemory) throws
    {
        let (h, w) = (input.dims[2], input.dims[3])
        let windows = Self.grid(outputDims[2], outputDims[3]) { oy, ox in
            let y0 = oy * op.stride.0 - op.padding.0, x0 = ox * op.stride.1 - op.padding.1
            let y1 = min(y0 + op.kernel.0, h + op.padding.0), x1 = min(x0 + op.kernel.1, w + op.padding.1)
            let padded = Float((y1 - y0) * (x1 - x0))
            let rows = max(y0, 0)..<min(y1, h), columns = max(x0, 0)..<min(x1, w)
            return (rows, columns, op.countIncludePad ? padded : Float(rows.count * columns.count))
        }
        try self.init(input: input, outputDims: outputDims, windows: windows, context: context, memory: memory)
    }

    /// Windows for adaptive average pooling to `outputDims` (start = ⌊i·in/out⌋, end = ⌈(i+1)·in/out⌉).
    convenience init(adaptive input: Value, outputDims: [Int], context: DNNLContext, memory: PlanMemory) throws {
        let (h, w) = (input.dims[2], input.dims[3])
        let (oh, ow) = (outputDims.count == 4 ? outputDims[2] : 1, outputDims.count == 4 ? outputDims[3] : 1)
        let windows = Self.grid(oh, ow) { oy, ox in
            let rows = (oy * h / oh)..<((oy + 1) * h + oh - 1) / oh
            let columns = (ox * w / ow)..<((ox + 1) * w + ow - 1) / ow
            return (rows, columns, Float(rows.count * columns.count))
        }
        try self.init(input: input, outputDims: outputDims, windows: windows, context: context, memory: memory)
    }

    private init(
        input: Value, outputDims: [Int], windows: [(rows: Range<Int>, columns: Range<Int>, divisor: Float)],
        context: DNNLContext, memory: PlanMemory
    ) throws {
        (self.input, adapter) = try ReorderKernel.plain(input, context: context, memory: memory)
        self.windows = windows
        output = try Value(dims: outputDims, needsGrad: input.needsGrad, memory: memory)
    }

    private static func grid(
        _ oh: Int, _ ow: Int,
        _ window: (Int, Int) -> (Range<Int>, Range<Int>, Float)
    ) -> [(rows: Range<Int>, columns: Range<Int>, divisor: Float)] {
        (0..<oh).flatMap { oy in (0..<ow).map { ox in window(oy, ox) } }
    }

    private var planes: Int { input.dims[0] * input.dims[1] }
    private var planeSize: Int { input.dims[2] * input.dims[3] }

    func forward(training: Bool) {
        adapter?.forward(training: training)
        let width = input.dims[3], cells = windows.count
        for plane in 0..<planes {
            let source = input.buffer.pointer + plane * planeSize, target = output.buffer.pointer + plane * cells
            for (cell, window) in windows.enumerated() {
                var sum: Float = 0
                for y in window.rows { for x in window.columns { sum += source[y * width + x] } }
                target[cell] = sum / window.divisor
            }
        }
    }

    func backward() {
        guard let inputGrad = input.grad, let outputGrad = output.grad else { return }
        inputGrad.zero()
        let width = input.dims[3], cells = windows.count
        for plane in 0..<planes {
            let target = inputGrad.pointer + plane * planeSize, source = outputGrad.pointer + plane * cells
            for (cell, window) in windows.enumerated() {
                let share = source[cell] / window.divisor
                for y in window.rows { for x in window.columns { target[y * width + x] += share } }
            }
        }
        adapter?.backward()
    }
}

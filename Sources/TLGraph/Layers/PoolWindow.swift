import TLConfig

/// The window of max or average pooling (PyTorch's meanings and defaults), with the shape rule both share.
public struct PoolWindow: Sendable, Equatable {
    public var kernel: (Int, Int)
    public var stride: (Int, Int)
    public var padding: (Int, Int)
    public var dilation: (Int, Int)
    public var ceilMode: Bool
    /// Average pooling only: whether zero padding counts in the divisor.
    public var countIncludePad: Bool

    /// The pooling entries' keys, with PyTorch's meanings and defaults.
    public enum Keys {
        static let kernelSize = SchemaKey<SizePair>(
            "kernel_size", LayerSchema.pair, required: true, doc: "Window size.")
        static let stride = SchemaKey<SizePair>("stride", LayerSchema.pair, doc: "Stride; defaults to kernel_size.")
        public static let padding = DefaultedKey(
            "padding", LayerSchema.padding, default: SizePair(0), doc: "Implicit zero padding.")
        public static let dilation = DefaultedKey("dilation", LayerSchema.pair, default: SizePair(1), doc: "Dilation.")
        public static let ceilMode = DefaultedKey(
            "ceil_mode", .boolean, default: false, doc: "Round the output size up instead of down.")
        public static let countIncludePad = DefaultedKey(
            "count_include_pad", .boolean, default: true, doc: "Count padding in the average.")
    }

    /// Creates a pooling window.
    public init(
        kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int) = Keys.padding.defaultValue.tuple,
        dilation: (Int, Int) = Keys.dilation.defaultValue.tuple, ceilMode: Bool = Keys.ceilMode.defaultValue,
        countIncludePad: Bool = Keys.countIncludePad.defaultValue
    ) {
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }

    /// The window a pooling entry describes (stride defaults to the kernel size).
    init(spec: OpSpec) {
        let kernel = (spec[Keys.kernelSize] ?? SizePair(1)).tuple
        self.init(
            kernel: kernel, stride: spec[Keys.stride]?.tuple ?? kernel, padding: spec[Keys.padding].tuple,
            dilation: spec[Keys.dilation].tuple, ceilMode: spec[Keys.ceilMode],
            countIncludePad: spec[Keys.countIncludePad])
    }

    public static func == (a: PoolWindow, b: PoolWindow) -> Bool {
        a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding && a.dilation == b.dilation
            && a.ceilMode == b.ceilMode && a.countIncludePad == b.countIncludePad
    }

    /// Why ONNX's pooling would not give PyTorch's output size on an image of `input`, nil when it does: with ceil
    /// mode, a last window that starts in the padding is dropped by PyTorch and kept by ONNX.
    public func onnxShapeProblem(input: TensorShape) -> String? {
        guard input.dims.count == 3 else { return nil }
        func onnxSize(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int {
            let span = n + 2 * p - d * (k - 1) - 1
            return (ceilMode ? (span + s - 1) / s : span / s) + 1
        }
        func torchSize(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int {
            let size = onnxSize(n, k, s, p, d)
            return ceilMode && (size - 1) * s >= n + p ? size - 1 : size
        }
        let h = input.dims[1], w = input.dims[2]
        let same =
            onnxSize(h, kernel.0, stride.0, padding.0, dilation.0)
            == torchSize(h, kernel.0, stride.0, padding.0, dilation.0)
            && onnxSize(w, kernel.1, stride.1, padding.1, dilation.1)
                == torchSize(w, kernel.1, stride.1, padding.1, dilation.1)
        return same ? nil : "with ceil_mode its last window starts in the padding, which ONNX keeps and PyTorch drops"
    }

    /// The pooled shape of `step`'s input, or nil (reported) for a non-image input or a window that does not fit.
    func outputShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        if padding.0 > kernel.0 / 2 || padding.1 > kernel.1 / 2 {
            inference.problem(
                "shape/pool-padding", step, key: "padding",
                "\(step.subject): padding must be at most half the kernel size",
                expected: "at most [\(kernel.0 / 2), \(kernel.1 / 2)] for kernel [\(kernel.0), \(kernel.1)]",
                got: "[\(padding.0), \(padding.1)]")
        }
        guard
            let (h, w) = inference.window(
                step, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                ceil: ceilMode)
        else { return nil }
        return .image(step.input.dims[0], h, w)
    }
}

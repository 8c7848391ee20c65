/// One layer after shape inference: its resolved settings, input and output shapes and cost.
public struct InferredLayer: Sendable {
    /// The layer with undeclared sizes (input channels, features) filled in.
    public var layer: Layer
    public var input: TensorShape
    public var output: TensorShape
    /// Multiply-accumulates per sample.
    public var macs: Int
    /// Nesting depth (0 for top-level layers, 1 inside a residual block).
    public var depth: Int
}

/// A shape problem found by inference, tied to a layer and the layer key it concerns.
public struct ShapeProblem: Sendable {
    public var code: String
    public var layer: Layer
    /// The key of the layer's settings the problem is about (for pointing at the file), if any.
    public var key: String?
    public var message: String
    public var expected: String?
    public var got: String?
    public var hint: String?
    /// The inferred layers up to the problem, for the shape trace.
    public var trace: [InferredLayer]
}

/// The single shape-inference routine that both the validator and the engine use.
public struct ShapeInference {
    /// Every layer (nested ones included, in execution order) with its shapes.
    public private(set) var layers: [InferredLayer] = []
    public private(set) var problems: [ShapeProblem] = []

    /// Infers shapes through `layers` from `input`; `output` is nil when a problem left it undefined.
    public static func run(_ layers: [Layer], input: TensorShape) -> (layers: [Layer], inferred: [InferredLayer], problems: [ShapeProblem], output: TensorShape?) {
        var inference = ShapeInference()
        let (resolved, output) = inference.run(layers, input: input, depth: 0)
        return (resolved, inference.layers, inference.problems, output)
    }

    private mutating func run(_ layers: [Layer], input: TensorShape, depth: Int) -> ([Layer], TensorShape?) {
        var shape = input
        var resolved: [Layer] = []
        for var layer in layers {
            guard let output = infer(&layer, input: shape, depth: depth) else { return (resolved + [layer], nil) }
            resolved.append(layer)
            shape = output
        }
        return (resolved, shape)
    }

    private mutating func problem(_ code: String, _ layer: Layer, key: String?, _ message: String,
                                  expected: String? = nil, got: String? = nil, hint: String? = nil) {
        problems.append(ShapeProblem(code: code, layer: layer, key: key, message: message, expected: expected, got: got,
                                     hint: hint, trace: layers))
    }

    private mutating func record(_ layer: Layer, _ input: TensorShape, _ output: TensorShape, macs: Int = 0, depth: Int) -> TensorShape {
        layers.append(InferredLayer(layer: layer, input: input, output: output, macs: macs, depth: depth))
        return output
    }

    /// Reports a declared input size (`in_channels`, `in_features`, `num_features`) that differs from the incoming tensor.
    private mutating func checkDeclared(_ layer: Layer, _ key: String, _ declared: Int?, actual: Int, code: String) {
        guard let declared, declared != actual else { return }
        problem(code, layer, key: key, "\(layer.op.kind) '\(layer.name)' declares \(key) \(declared) but its input has \(actual)",
                expected: "\(actual)", got: "\(declared)", hint: "set \(key) to \(actual) or remove it (it is inferred)")
    }

    /// Requires a C×H×W input; reports and returns false otherwise.
    private mutating func needsImage(_ layer: Layer, _ input: TensorShape) -> Bool {
        if input.isImage { return true }
        problem("shape/rank", layer, key: nil, "\(layer.op.kind) '\(layer.name)' needs an N×C×H×W input but gets \(input)",
                expected: "N×C×H×W", got: input.description,
                hint: "image layers must come before flatten, global_avgpool and linear layers")
        return false
    }

    private mutating func infer(_ layer: inout Layer, input: TensorShape, depth: Int) -> TensorShape? {
        switch layer.op {
        case .conv2d(var conv):
            guard needsImage(layer, input) else { return nil }
            let channels = input.dims[0]
            checkDeclared(layer, "in_channels", conv.inChannels, actual: channels, code: "shape/channels")
            conv.inChannels = channels
            if channels % conv.groups != 0 || conv.outChannels % conv.groups != 0 {
                problem("shape/groups", layer, key: "groups",
                        "conv2d '\(layer.name)': groups \(conv.groups) must divide both in_channels \(channels) and out_channels \(conv.outChannels)",
                        expected: "a divisor of \(channels) and \(conv.outChannels)", got: "\(conv.groups)")
            }
            layer.op = .conv2d(conv)
            guard let (h, w) = spatial(layer, input, kernel: conv.kernel, stride: conv.stride, padding: conv.padding,
                                       dilation: conv.dilation, ceil: false) else { return nil }
            let macs = conv.outChannels * h * w * (channels / max(conv.groups, 1)) * conv.kernel.0 * conv.kernel.1
            return record(layer, input, .image(conv.outChannels, h, w), macs: macs, depth: depth)
        case .linear(var linear):
            var features = input.elementCount
            if input.dims.count != 1 {
                problem("shape/linear-4d", layer, key: nil,
                        "linear '\(layer.name)' is fed a \(input.dims.count + 1)-D tensor \(input)",
                        expected: "N×features", got: input.description,
                        hint: "add {op: flatten} (\(input.elementCount) features) or {op: global_avgpool} (\(input.dims[0]) features) before it")
            } else {
                checkDeclared(layer, "in_features", linear.inFeatures, actual: features, code: "shape/linear-in")
            }
            if input.dims.count != 1 { features = linear.inFeatures ?? input.dims.last! }
            linear.inFeatures = features
            layer.op = .linear(linear)
            return record(layer, input, TensorShape([linear.outFeatures]), macs: features * linear.outFeatures, depth: depth)
        case .maxPool2d(let pool), .avgPool2d(let pool):
            guard needsImage(layer, input) else { return nil }
            if pool.padding.0 * 2 > pool.kernel.0 || pool.padding.1 * 2 > pool.kernel.1 {
                problem("shape/pool-padding", layer, key: "padding",
                        "\(layer.op.kind) '\(layer.name)': padding must be at most half the kernel size",
                        expected: "at most [\(pool.kernel.0 / 2), \(pool.kernel.1 / 2)] for kernel [\(pool.kernel.0), \(pool.kernel.1)]",
                        got: "[\(pool.padding.0), \(pool.padding.1)]")
            }
            guard let (h, w) = spatial(layer, input, kernel: pool.kernel, stride: pool.stride, padding: pool.padding,
                                       dilation: pool.dilation, ceil: pool.ceilMode) else { return nil }
            return record(layer, input, .image(input.dims[0], h, w), depth: depth)
        case .adaptiveAvgPool2d(let h, let w):
            guard needsImage(layer, input) else { return nil }
            return record(layer, input, .image(input.dims[0], h, w), depth: depth)
        case .globalAvgPool:
            guard needsImage(layer, input) else { return nil }
            return record(layer, input, TensorShape([input.dims[0]]), depth: depth)
        case .flatten:
            return record(layer, input, TensorShape([input.elementCount]), depth: depth)
        case .batchNorm2d(var bn), .batchNorm1d(var bn):
            let is2d: Bool
            if case .batchNorm2d = layer.op { is2d = true } else { is2d = false }
            if is2d ? !input.isImage : input.dims.count != 1 {
                problem("shape/rank", layer, key: nil, "\(layer.op.kind) '\(layer.name)' needs an \(is2d ? "N×C×H×W" : "N×features") input but gets \(input)",
                        expected: is2d ? "N×C×H×W" : "N×features", got: input.description,
                        hint: is2d ? "use batchnorm1d after flatten" : "use batchnorm2d before flatten")
                return nil
            }
            let features = input.dims[0]
            checkDeclared(layer, "num_features", bn.features, actual: features, code: "shape/channels")
            bn.features = features
            layer.op = is2d ? .batchNorm2d(bn) : .batchNorm1d(bn)
            return record(layer, input, input, depth: depth)
        case .relu, .leakyReLU, .gelu, .dropout:
            return record(layer, input, input, depth: depth)
        case .residual(var block):
            let index = layers.count
            _ = record(layer, input, input, depth: depth)
            let (body, bodyOut) = run(block.body, input: input, depth: depth + 1)
            if block.projectsWhenShapeChanges, block.shortcut.isEmpty, let bodyOut, bodyOut != input {
                block.shortcut = Make.downsample(layer.name, outChannels: bodyOut.dims[0], stride: Self.firstStride(block.body))
                    .map { layer.origin.map($0.placed) ?? $0 }
            }
            let (shortcut, shortcutOut) = run(block.shortcut, input: input, depth: depth + 1)
            block.body = body
            block.shortcut = shortcut
            layer.op = .residual(block)
            guard let bodyOut, let shortcutOut else { return nil }
            if bodyOut != shortcutOut {
                problem("shape/residual", layer, key: nil,
                        "residual block '\(layer.name)' adds tensors of different shapes",
                        expected: shortcutOut.description, got: bodyOut.description,
                        hint: "the block's shortcut needs a downsample when stride or channels change")
                return nil
            }
            layers[index] = InferredLayer(layer: layer, input: input, output: bodyOut,
                                          macs: layers[(index + 1)...].reduce(0) { $0 + $1.macs }, depth: depth)
            return bodyOut
        }
    }

    /// The stride of the first convolution in `layers` (1 when there is none).
    static func firstStride(_ layers: [Layer]) -> Int {
        for layer in layers { if case .conv2d(let conv) = layer.op { return conv.stride.0 } }
        return 1
    }

    /// Output height and width of a sliding window, or nil (reported) when it collapses below 1.
    private mutating func spatial(_ layer: Layer, _ input: TensorShape, kernel: (Int, Int), stride: (Int, Int),
                                  padding: (Int, Int), dilation: (Int, Int), ceil: Bool) -> (Int, Int)? {
        func size(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int {
            let span = n + 2 * p - d * (k - 1) - 1
            guard span >= 0 else { return 0 }
            var out = (ceil ? (span + s - 1) / s : span / s) + 1
            if ceil && (out - 1) * s >= n + p { out -= 1 }
            return out
        }
        let h = size(input.dims[1], kernel.0, stride.0, padding.0, dilation.0)
        let w = size(input.dims[2], kernel.1, stride.1, padding.1, dilation.1)
        if h >= 1 && w >= 1 { return (h, w) }
        let effective = (dilation.0 * (kernel.0 - 1) + 1, dilation.1 * (kernel.1 - 1) + 1)
        problem("shape/collapse", layer, key: "kernel_size",
                "\(layer.op.kind) '\(layer.name)' collapses its \(input.dims[1])×\(input.dims[2]) input below 1×1",
                expected: "an input of at least \(max(1, effective.0 - 2 * padding.0))×\(max(1, effective.1 - 2 * padding.1)) (window \(effective.0)×\(effective.1), padding \(padding.0)×\(padding.1))",
                got: "\(input.dims[1])×\(input.dims[2]) → \(h)×\(w)",
                hint: "use a larger input, a smaller kernel, more padding, or cut the network earlier")
        return nil
    }
}

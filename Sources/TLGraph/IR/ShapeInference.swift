import TLFiles

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

/// One layer's turn in shape inference: the layer as written, the shape it receives and its nesting depth.
public struct ShapeStep: Sendable {
    /// The layer (its name, operation and origin).
    public let layer: Layer
    /// The shape of one sample arriving at the layer.
    public let input: TensorShape
    /// Nesting depth (0 for top-level layers).
    public let depth: Int

    /// The description used in messages, such as `conv2d 'features.0'`.
    public var subject: String { "\(layer.op.kind) '\(layer.name)'" }
}

/// The single shape-inference routine that both the validator and the engine use; each layer type's own rule
/// (`LayerOperation.inferShape`) runs inside it and reports through it.
public struct ShapeInference {
    /// The most elements one sample's tensor may have (2^40, 4 TiB as float32: more than any machine holds); a
    /// larger shape is reported as `shape/too-large` before anything multiplies its size further.
    public static let maximumElements = 1 << 40
    /// The most multiply-accumulates one layer may cost per sample (2^50); it bounds the layer's parameter count too.
    public static let maximumMacs = 1 << 50

    /// Every layer (nested ones included, in execution order) with its shapes.
    public private(set) var layers: [InferredLayer] = []
    public private(set) var problems: [ShapeProblem] = []

    /// Infers shapes through `layers` from `input`; `output` is nil when a problem left it undefined.
    public static func run(_ layers: [Layer], input: TensorShape) -> (
        layers: [Layer], inferred: [InferredLayer], problems: [ShapeProblem], output: TensorShape?
    ) {
        var inference = ShapeInference()
        let (resolved, output) = inference.run(layers, input: input, depth: 0)
        return (resolved, inference.layers, inference.problems, output)
    }

    /// Runs `layers` in order from `input`: the resolved layers and the final shape (nil after a problem).
    public mutating func run(_ layers: [Layer], input: TensorShape, depth: Int) -> ([Layer], TensorShape?) {
        var shape = input
        var resolved: [Layer] = []
        for var layer in layers {
            let step = ShapeStep(layer: layer, input: shape, depth: depth)
            let output = layer.op.inferShape(step, &self)
            guard let output else { return (resolved + [layer], nil) }
            resolved.append(layer)
            shape = output
        }
        return (resolved, shape)
    }

    /// Reports a problem with the step's layer; `key` is the layer setting it concerns, for pointing at the file.
    public mutating func problem(
        _ code: String, _ step: ShapeStep, key: String?, _ message: String,
        expected: String? = nil, got: String? = nil, hint: String? = nil
    ) {
        problems.append(
            ShapeProblem(
                code: code, layer: step.layer, key: key, message: message, expected: expected, got: got,
                hint: hint, trace: layers))
    }

    /// Records the step's layer, resolved to `op`, with its output and cost; returns the output, or nil (reported as
    /// `shape/too-large`) when the output has more than `maximumElements` elements.
    public mutating func record(_ step: ShapeStep, _ op: some LayerOperation, output: TensorShape, macs: Int = 0)
        -> TensorShape?
    {
        guard let elements = CheckedSize.product(output.dims), elements <= Self.maximumElements else {
            tooLarge(step, key: nil, "its output \(output) has more than \(Self.maximumElements) elements per sample")
            return nil
        }
        layers.append(
            InferredLayer(layer: step.layer.with(op), input: step.input, output: output, macs: macs, depth: step.depth))
        return output
    }

    /// The multiply-accumulates per sample of the step's layer, the product of `factors`; nil (reported as
    /// `shape/too-large` at `key`) when it is over `maximumMacs` or overflows.
    public mutating func cost(_ step: ShapeStep, _ factors: [Int], key: String?) -> Int? {
        guard let macs = CheckedSize.product(factors), macs <= Self.maximumMacs else {
            tooLarge(
                step, key: key,
                "it needs more than \(Self.maximumMacs) multiply-accumulates per sample "
                    + "(\(factors.map(String.init).joined(separator: " × ")))")
            return nil
        }
        return macs
    }

    /// Reports a layer whose sizes are too large to compute with; `reason` says which size.
    public mutating func tooLarge(_ step: ShapeStep, key: String?, _ reason: String) {
        problem(
            "shape/too-large", step, key: key, "\(step.subject) is too large: \(reason)",
            expected:
                "at most \(Self.maximumElements) elements per tensor and \(Self.maximumMacs) multiply-accumulates per layer",
            got: step.input.description + " input",
            hint: "use a smaller source.input or smaller layer sizes")
    }

    /// Records a layer that holds others before they are inferred; `complete` fills in its result.
    public mutating func reserve(_ step: ShapeStep) -> Int {
        layers.append(
            InferredLayer(layer: step.layer, input: step.input, output: step.input, macs: 0, depth: step.depth))
        return layers.count - 1
    }

    /// Completes a reserved entry: the resolved layer, its output, and as cost the sum of the layers directly inside it
    /// (each of which has counted its own nested layers), or none when they never run (`runs` false).
    public mutating func complete(_ index: Int, _ op: some LayerOperation, output: TensorShape, runs: Bool = true) {
        layers[index].layer = layers[index].layer.with(op)
        layers[index].output = output
        let inside = layers[index].depth + 1
        layers[index].macs =
            runs ? CheckedSize.saturatingSum(layers[(index + 1)...].filter { $0.depth == inside }.map(\.macs)) : 0
    }

    /// Reports a declared input size (`in_channels`, `in_features`, `num_features`) that differs from the incoming tensor.
    public mutating func checkDeclared(_ step: ShapeStep, _ key: String, _ declared: Int?, actual: Int, code: String) {
        guard let declared, declared != actual else { return }
        problem(
            code, step, key: key, "\(step.subject) declares \(key) \(declared) but its input has \(actual)",
            expected: "\(actual)", got: "\(declared)", hint: "set \(key) to \(actual) or remove it (it is inferred)")
    }

    /// Requires a C×H×W input; reports and returns false otherwise.
    public mutating func needsImage(_ step: ShapeStep) -> Bool {
        if step.input.isImage { return true }
        problem(
            "shape/rank", step, key: nil, "\(step.subject) needs an N×C×H×W input but gets \(step.input)",
            expected: "N×C×H×W", got: step.input.description,
            hint: "image layers must come before flatten, global_avgpool and linear layers")
        return false
    }

    /// Output height and width of a sliding window, or nil (reported) when it collapses below 1 or its sizes
    /// overflow.
    public mutating func window(
        _ step: ShapeStep, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
        dilation: (Int, Int), ceil: Bool
    ) -> (Int, Int)? {
        func size(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int? {
            guard let padded = CheckedSize.multiply(2, p).flatMap({ CheckedSize.add(n, $0) }),
                let reach = CheckedSize.multiply(d, k - 1)
            else { return nil }
            let span = padded - reach - 1
            guard span >= 0 else { return 0 }
            var out = (ceil ? span / s + (span % s == 0 ? 0 : 1) : span / s) + 1
            let (last, overflow) = (out - 1).multipliedReportingOverflow(by: s)
            if ceil && (overflow || last >= n + p) { out -= 1 }
            return out
        }
        let input = step.input
        guard let h = size(input.dims[1], kernel.0, stride.0, padding.0, dilation.0),
            let w = size(input.dims[2], kernel.1, stride.1, padding.1, dilation.1)
        else {
            tooLarge(
                step, key: "padding",
                "its padding, kernel size or dilation overflow when applied to \(input.dims[1])×\(input.dims[2])")
            return nil
        }
        if h >= 1 && w >= 1 { return (h, w) }
        let effective = (dilation.0 * (kernel.0 - 1) + 1, dilation.1 * (kernel.1 - 1) + 1)
        problem(
            "shape/collapse", step, key: "kernel_size",
            "\(step.subject) collapses its \(input.dims[1])×\(input.dims[2]) input below 1×1",
            expected:
                "an input of at least \(max(1, effective.0 - 2 * padding.0))×\(max(1, effective.1 - 2 * padding.1)) (window \(effective.0)×\(effective.1), padding \(padding.0)×\(padding.1))",
            got: "\(input.dims[1])×\(input.dims[2]) → \(h)×\(w)",
            hint: "use a larger input, a smaller kernel, more padding, or cut the network earlier")
        return nil
    }
}

import TLConfig

/// One named layer of a network graph.
public struct Layer: Sendable {
    /// The torchvision-compatible module name; parameter keys are `<name>.weight` and so on.
    public var name: String
    public var op: LayerOp
    /// Where the layer was written in the pipeline (inline models and heads), nil for zoo layers.
    public var origin: ConfigPath?

    /// Creates a layer.
    public init(_ name: String, _ op: LayerOp, origin: ConfigPath? = nil) {
        self.name = name
        self.op = op
        self.origin = origin
    }

    /// This layer with `origin` set on it and on every layer nested inside it.
    public func placed(at origin: ConfigPath) -> Layer {
        var copy = self
        copy.origin = origin
        if case .residual(var block) = op {
            block.body = block.body.map { $0.placed(at: origin) }
            block.shortcut = block.shortcut.map { $0.placed(at: origin) }
            copy.op = .residual(block)
        }
        return copy
    }

    /// This layer followed by every layer nested inside it, depth first.
    public var flattened: [Layer] {
        guard case .residual(let block) = op else { return [self] }
        return [self] + (block.body + block.shortcut).flatMap(\.flattened)
    }
}

/// A named tensor a layer owns: a trainable parameter or a buffer (BatchNorm running statistics).
public struct ParameterInfo: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    /// False for buffers such as `running_mean`, which are saved but not trained.
    public var trainable: Bool

    /// Elements in the tensor.
    public var count: Int { shape.reduce(1, *) }
}

extension Layer {
    /// The tensors this layer owns directly (not those of nested layers), in torchvision's state_dict order.
    public var ownParameters: [ParameterInfo] {
        func p(_ suffix: String, _ shape: [Int], trainable: Bool = true) -> ParameterInfo {
            ParameterInfo(name: "\(name).\(suffix)", shape: shape, trainable: trainable)
        }
        switch op {
        case .conv2d(let c):
            let weight = p("weight", [c.outChannels, (c.inChannels ?? 0) / c.groups, c.kernel.0, c.kernel.1])
            return c.bias ? [weight, p("bias", [c.outChannels])] : [weight]
        case .linear(let l):
            let weight = p("weight", [l.outFeatures, l.inFeatures ?? 0])
            return l.bias ? [weight, p("bias", [l.outFeatures])] : [weight]
        case .batchNorm1d(let b), .batchNorm2d(let b):
            let n = b.features ?? 0
            let affine = b.affine ? [p("weight", [n]), p("bias", [n])] : []
            return affine + [p("running_mean", [n], trainable: false), p("running_var", [n], trainable: false),
                             p("num_batches_tracked", [], trainable: false)]
        default:
            return []
        }
    }

    /// Every tensor of this layer and its nested layers, in state_dict order.
    public var allParameters: [ParameterInfo] { flattened.flatMap(\.ownParameters) }

    /// Trainable parameter elements in this layer and its nested layers.
    public var trainableCount: Int { allParameters.filter(\.trainable).reduce(0) { $0 + $1.count } }
}

import Foundation

/// The learning rate for each epoch: optional linear warm-up, then constant, step, multi-step or cosine decay
/// (as PyTorch's LinearLR followed by StepLR/MultiStepLR/CosineAnnealingLR, stepped once per epoch).
public struct LearningRateSchedule: Sendable {
    /// How the rate changes after the warm-up (epochs counted from its end).
    public enum Decay: Sendable, Equatable {
        case constant
        /// Times `gamma` every `every` epochs.
        case step(every: Int, gamma: Double)
        /// Times `gamma` at each milestone epoch.
        case multiStep(milestones: [Int], gamma: Double)
        /// Half a cosine from the base rate down to `floor` over `period` epochs (the epochs after warm-up when nil).
        case cosine(period: Int?, floor: Double)
    }

    public let decay: Decay
    public let warmupEpochs: Int
    /// The fraction of the base rate the warm-up starts from.
    public let warmupStartFactor: Double
    public let baseLR: Double
    public let epochs: Int

    /// A schedule starting at `baseLR` over `epochs` epochs: `warmupEpochs` of linear warm-up from
    /// `warmupStartFactor` × `baseLR`, then `decay`.
    public init(_ decay: Decay, warmupEpochs: Int = 0, warmupStartFactor: Double = 0.1, baseLR: Double, epochs: Int) {
        self.decay = decay
        self.warmupEpochs = warmupEpochs
        self.warmupStartFactor = warmupStartFactor
        self.baseLR = baseLR
        self.epochs = epochs
    }

    /// The learning rate during `epoch` (0-based).
    public func rate(epoch: Int) -> Double {
        let warmup = warmupEpochs
        if epoch < warmup {
            return baseLR * (warmupStartFactor + (1 - warmupStartFactor) * Double(epoch) / Double(warmup))
        }
        let e = epoch - warmup
        switch decay {
        case .constant:
            return baseLR
        case .step(let every, let gamma):
            return baseLR * pow(gamma, Double(e / max(every, 1)))
        case .multiStep(let milestones, let gamma):
            return baseLR * pow(gamma, Double(milestones.filter { $0 <= e }.count))
        case .cosine(let period, let floor):
            let length = Double(period ?? max(epochs - warmup, 1))
            return floor + (baseLR - floor) * (1 + cos(.pi * min(Double(e), length) / length)) / 2
        }
    }
}

/// Global gradient-norm clipping as `torch.nn.utils.clip_grad_norm_`.
public enum GradientClipping {
    /// The total 2-norm of every gradient, summed in double precision (NaN when a gradient holds NaN, infinite when
    /// one holds an infinity).
    public static func norm(_ parameters: [Parameter]) -> Double {
        var sum = 0.0
        for parameter in parameters {
            let g = parameter.grad.pointer
            for i in 0..<parameter.count { sum += Double(g[i]) * Double(g[i]) }
        }
        return sum.squareRoot()
    }

    /// Scales every gradient by max_norm/(norm + 1e-6) when the total 2-norm exceeds `maxNorm`; returns the norm.
    @discardableResult
    public static func clip(_ parameters: [Parameter], maxNorm: Double) -> Double {
        var sum = 0.0
        for parameter in parameters {
            let g = parameter.grad.pointer
            var partial: Float = 0
            for i in 0..<parameter.count { partial += g[i] * g[i] }
            sum += Double(partial)
        }
        let norm = sum.squareRoot()
        let coefficient = Float(maxNorm / (norm + 1e-6))
        guard coefficient < 1 else { return norm }
        for parameter in parameters {
            let g = parameter.grad.pointer
            for i in 0..<parameter.count { g[i] *= coefficient }
        }
        return norm
    }
}

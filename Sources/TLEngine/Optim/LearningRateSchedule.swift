import Foundation
import TLConfig

/// The learning rate for each epoch: optional linear warm-up, then constant, step, multi-step or cosine decay
/// (as PyTorch's LinearLR followed by StepLR/MultiStepLR/CosineAnnealingLR, stepped once per epoch).
public struct LearningRateSchedule: Sendable {
    public let spec: ScheduleSpec
    public let baseLR: Double
    public let epochs: Int

    /// A schedule for `spec` starting at `baseLR` over `epochs` epochs.
    public init(_ spec: ScheduleSpec, baseLR: Double, epochs: Int) {
        self.spec = spec
        self.baseLR = baseLR
        self.epochs = epochs
    }

    /// The learning rate during `epoch` (0-based).
    public func rate(epoch: Int) -> Double {
        let warmup = spec.warmupEpochs
        if epoch < warmup {
            let start = spec.warmupStartFactor
            return baseLR * (start + (1 - start) * Double(epoch) / Double(warmup))
        }
        let e = epoch - warmup
        switch spec.type {
        case "step":
            return baseLR * pow(spec.gamma, Double(e / max(spec.stepSize ?? 1, 1)))
        case "multistep":
            return baseLR * pow(spec.gamma, Double(spec.milestones.filter { $0 <= e }.count))
        case "cosine":
            let period = Double(spec.tMax ?? max(epochs - warmup, 1))
            return spec.etaMin + (baseLR - spec.etaMin) * (1 + cos(.pi * min(Double(e), period) / period)) / 2
        default:
            return baseLR
        }
    }
}

/// Global gradient-norm clipping as `torch.nn.utils.clip_grad_norm_`.
public enum GradientClipping {
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

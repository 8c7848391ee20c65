import TLConfig
import TLEngine

/// The engine's optimizer and learning-rate schedule for a pipeline's settings (the engine itself knows no
/// configuration).
enum EngineSettings {
    /// The optimizer `spec` names, over `parameters`.
    static func optimizer(_ spec: OptimizerSpec, parameters: [Parameter]) -> Optimizer {
        switch spec.type {
        case .sgd:
            return SGD(
                parameters: parameters, momentum: Float(spec.momentum), dampening: Float(spec.dampening),
                nesterov: spec.nesterov, weightDecay: Float(spec.weightDecay))
        case .adam, .adamw:
            return Adam(
                parameters: parameters, betas: (Float(spec.betas.0), Float(spec.betas.1)), eps: Float(spec.eps),
                weightDecay: Float(spec.weightDecay), decoupled: spec.type == .adamw)
        }
    }

    /// The engine device a pipeline's `device` asks for (nil: the best available).
    static func device(_ choice: DeviceChoice) -> Device? {
        switch choice {
        case .cpu: return .cpu
        case .auto: return nil
        case .cuda(let index): return .cuda(index: index)
        }
    }

    /// The learning-rate schedule `spec` describes, starting at `baseLR`, over `epochs` epochs.
    static func schedule(_ spec: ScheduleSpec, baseLR: Double, epochs: Int) -> LearningRateSchedule {
        let decay: LearningRateSchedule.Decay
        switch spec.type {
        case .constant: decay = .constant
        case .step: decay = .step(every: spec.stepSize ?? 1, gamma: spec.gamma)
        case .multistep: decay = .multiStep(milestones: spec.milestones, gamma: spec.gamma)
        case .cosine: decay = .cosine(period: spec.tMax, floor: spec.etaMin)
        }
        return LearningRateSchedule(
            decay, warmupEpochs: spec.warmupEpochs, warmupStartFactor: spec.warmupStartFactor,
            baseLR: baseLR, epochs: epochs)
    }
}

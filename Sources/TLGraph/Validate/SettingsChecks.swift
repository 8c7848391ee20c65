import TLConfig
import TLFiles

/// Checks the settings no schema rule covers: device, weights, optimizer combinations, schedule and training.
struct SettingsChecks {
    let pipeline: Pipeline
    let offline: Bool
    var sink: DiagnosticSink

    /// The devices this build can run on.
    static let availableDevices = ["cpu", "auto"]

    mutating func run(graph: TransferGraph?) {
        checkDevice()
        checkWeights(graph: graph)
        checkOptimizer()
        checkSchedule()
        checkTraining()
    }

    private mutating func checkDevice() {
        guard case .cuda = pipeline.device else { return }
        let device = pipeline.device
        sink.report(
            "device/unavailable", at: .root.key("device"),
            "device '\(device)' is not available: this build of tlrun has no CUDA backend",
            expected: Self.availableDevices.joined(separator: " or "), got: "'\(device)'",
            hint: "use 'device: cpu', or 'device: auto' to take a GPU when a build supports one and the CPU otherwise")
    }

    private mutating func checkWeights(graph: TransferGraph?) {
        let at = ConfigPath.root.key("source").key("weights")
        switch pipeline.source.weights {
        case .random:
            if let graph, !graph.frozen.isEmpty {
                sink.warn(
                    "weights/frozen-random", at: at,
                    "\(graph.frozen.count) layers are frozen but the source weights are random, so they never learn",
                    hint: "load pre-trained weights, or use 'freeze: none' to train from scratch (case 4)")
            }
        case .file(let path):
            let lower = path.lowercased()
            if !(lower.hasSuffix(".safetensors") || lower.hasSuffix(".pth") || lower.hasSuffix(".pt")) {
                sink.report(
                    "weights/format", at: at, "unsupported weights file '\(path)'",
                    expected: "a .safetensors, .pth or .pt file, 'random', or {pipeline: file.yaml}", got: "'\(path)'")
            } else if !offline && !FilePaths.exists(path).exists {
                sink.report(
                    "weights/missing", at: at, "the weights file '\(path)' does not exist",
                    hint: "paths are relative to the pipeline file; use --offline to skip file checks")
            } else if !offline, let kind = RegularFile.irregularKind(at: path) {
                sink.report(
                    "weights/not-a-file", at: at, "the weights file '\(path)' is \(kind.phrase), not a regular file",
                    expected: "a .safetensors, .pth or .pt file", hint: "paths are relative to the pipeline file")
            }
        case .pipeline(let path):
            let pipelinePath = at.key("pipeline")
            if FilePaths.canonical(path) == FilePaths.canonical(pipeline.config.file) {
                sink.report(
                    "weights/cycle", at: pipelinePath, "a pipeline cannot take its weights from itself",
                    hint: "name the pipeline that trains the source network, or use 'random'")
            } else if !FilePaths.exists(path).exists {
                sink.report(
                    "weights/missing", at: pipelinePath, "the source pipeline '\(path)' does not exist",
                    hint: "paths are relative to the pipeline file")
            }
        }
    }

    private mutating func checkOptimizer() {
        let optimizer = pipeline.optimizer
        let at = ConfigPath.root.key("optimizer")
        if optimizer.type == .sgd && optimizer.nesterov && (optimizer.momentum <= 0 || optimizer.dampening != 0) {
            sink.report(
                "optimizer/nesterov", at: at.key("nesterov"), "Nesterov momentum needs momentum > 0 and dampening 0",
                got: "momentum \(optimizer.momentum), dampening \(optimizer.dampening)",
                hint: "set momentum (e.g. 0.9) and leave dampening at 0, or turn nesterov off")
        }
        if optimizer.lr > 1 {
            sink.warn(
                "optimizer/lr-high", at: at.key("lr"),
                "learning rate \(optimizer.lr) is unusually high and will likely diverge")
        }
    }

    private mutating func checkSchedule() {
        let schedule = pipeline.schedule
        let epochs = pipeline.train.epochs
        let at = ConfigPath.root.key("schedule")
        if schedule.milestones != schedule.milestones.sorted()
            || Set(schedule.milestones).count != schedule.milestones.count
        {
            sink.report(
                "schedule/milestones", at: at.key("milestones"), "milestones must be strictly increasing",
                got: schedule.milestones.map(String.init).joined(separator: ", "),
                hint: "list each epoch once, in increasing order, e.g. [5, 10]")
        }
        if let last = schedule.milestones.last, last > epochs {
            sink.warn(
                "schedule/beyond-training", at: at.key("milestones"),
                "milestone \(last) is after the last epoch (\(epochs))")
        }
        if let step = schedule.stepSize, step >= epochs, schedule.type == .step {
            sink.warn(
                "schedule/beyond-training", at: at.key("step_size"),
                "step_size \(step) never decays within \(epochs) epochs")
        }
        if schedule.warmupEpochs >= epochs && schedule.warmupEpochs > 0 {
            sink.warn(
                "schedule/warmup", at: at.key("warmup_epochs"),
                "warm-up (\(schedule.warmupEpochs) epochs) lasts the whole training (\(epochs) epochs)")
        }
    }

    private mutating func checkTraining() {
        let train = pipeline.train
        let hasVal = pipeline.dataset.val != nil
        if let stopping = train.earlyStopping, !hasVal {
            sink.report(
                "train/needs-val", at: .root.key("train").key("early_stopping"),
                "early stopping on \(stopping.metric.rawValue) needs a validation split",
                hint: "add 'dataset.val: {fraction: 0.1}' (drawn from the training pool)")
        }
        if let best = train.bestMetric, !hasVal {
            sink.report(
                "train/needs-val", at: .root.key("train").key("best_metric"),
                "best_metric \(best.rawValue) needs a validation split",
                hint: "add 'dataset.val: {fraction: 0.1}', or use 'best_metric: last'")
        }
    }
}

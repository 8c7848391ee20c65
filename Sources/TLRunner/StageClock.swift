import Dispatch

/// Times stages one after the other and tells the observer about each.
struct StageClock {
    private(set) var stages: [RunSummary.StageTiming] = []
    private var last = DispatchTime.now().uptimeNanoseconds
    private weak var observer: TrainingObserver?

    init(observer: TrainingObserver?) { self.observer = observer }

    /// Ends the stage `name`, which did `detail`.
    mutating func finish(_ name: String, _ detail: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        let seconds = Double(now - last) / 1e9
        last = now
        stages.append(RunSummary.StageTiming(stage: name, seconds: seconds, detail: detail))
        observer?.stageFinished(name, detail: detail, seconds: seconds)
    }
}

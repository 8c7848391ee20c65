import TLConfig

/// `tlrun validate` of a sweep file: the file itself, then every trial it expands to, validated as the pipeline it
/// runs. A trial's problem is reported once for all the trials it breaks, at the sweep value that breaks it when the
/// problem lies under a varied key.
public struct SweepValidator: Sendable {
    /// The validator each trial's pipeline is validated with.
    public let pipelines: PipelineValidator

    /// A sweep validator whose trials are validated by `pipelines`.
    public init(pipelines: PipelineValidator) { self.pipelines = pipelines }

    /// A sweep's checks.
    public struct Result: Sendable {
        /// The sweep, when the file itself is sound.
        public var spec: SweepSpec?
        /// Every trial, in order.
        public var trials: [SweepTrial]
        /// The validation of each trial (parallel to `trials`).
        public var validations: [ValidationResult]
        /// Every problem: the file's own, then each distinct trial problem once, naming the trials it breaks.
        public var diagnostics: [Diagnostic]

        /// True when the file and every trial are valid.
        public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
    }

    /// Validates the sweep in `file`; `overrides` (`key=value`) apply to every trial before its own values.
    public func validate(file: String, overrides: [String] = [], offline: Bool = false) -> Result {
        let (spec, problems) = SweepFile.read(file)
        guard var spec else { return Result(spec: nil, trials: [], validations: [], diagnostics: problems) }
        spec.fixed = overrides
        let fixed = overrides.compactMap { try? Override.parse($0).get() }
        let trials = spec.trials()
        var validations: [ValidationResult] = []
        var grouped: [(diagnostic: Diagnostic, trials: [SweepTrial])] = []
        let memo = SourceValidationMemo()
        for trial in trials {
            let validation = pipelines.validate(
                file: trial.pipeline, overrides: fixed + trial.overrides, offline: offline, memo: memo)
            validations.append(validation)
            for diagnostic in validation.diagnostics where diagnostic.severity == .error {
                let located = Self.locate(diagnostic, in: trial)
                if let index = grouped.firstIndex(where: { Self.same($0.diagnostic, located) }) {
                    grouped[index].trials.append(trial)
                } else {
                    grouped.append((located, [trial]))
                }
            }
        }
        let trialProblems = grouped.map { entry -> Diagnostic in
            var diagnostic = entry.diagnostic
            let named = entry.trials.prefix(3).map { "\($0.index + 1) (\($0.label))" }.joined(separator: "; ")
            let more = entry.trials.count > 3 ? " and \(entry.trials.count - 3) more" : ""
            diagnostic.message = "in trial\(entry.trials.count == 1 ? "" : "s") \(named)\(more): " + diagnostic.message
            return diagnostic
        }
        return Result(spec: spec, trials: trials, validations: validations, diagnostics: trialProblems)
    }

    /// The diagnostic at the sweep value of the varied key it lies under, when there is one.
    static func locate(_ diagnostic: Diagnostic, in trial: SweepTrial) -> Diagnostic {
        var located = diagnostic
        if let override = trial.overrides.last(where: {
            diagnostic.path == $0.path.description || diagnostic.path.hasPrefix($0.path.description + ".")
                || diagnostic.path.hasPrefix($0.path.description + "[")
        }) {
            located.span = override.value.span
        }
        return located
    }

    /// Whether two trial problems are one (same code, place and message).
    static func same(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        a.code == b.code && a.span == b.span && a.message == b.message
    }
}

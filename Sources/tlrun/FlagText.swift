import TLRunner

/// How tlrun words what the runner reports about options set from its flags: the runner names no flag, tlrun does.
enum FlagText {
    /// A stage's `detail` as tlrun shows it: the runner's note on an option, with the flag that set it.
    static func stageDetail(_ detail: String) -> String {
        switch detail {
        case OptionNote.forcedResume: return detail + " (--force)"
        case "off: " + OptionNote.featureCacheOff: return "off: --no-feature-cache was given"
        default: return detail
        }
    }

    /// The line for a run that stopped when asked to, its checkpoint saved in the run folder `folder`.
    static func interrupted(folder: String) -> String {
        "interrupted; the checkpoint is saved. Continue with: tlrun resume \(folder)"
    }
}

/// What the runner says where an option its caller set changed the run; a front end may say instead how the option
/// was set (tlrun names its flag), since the libraries name no command or flag.
public enum OptionNote {
    /// The validate stage's detail when `PipelineRunner.Options.force` resumes a run whose pipeline changed.
    public static let forcedResume = "the pipeline changed; resuming anyway"
    /// Why the feature cache is off when `PipelineRunner.Options.featureCache` is false.
    public static let featureCacheOff = "turned off for this run"
}

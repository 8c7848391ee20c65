import TLGraph

/// A pipeline that failed validation (its diagnostics say why).
public struct PipelineInvalid: Error, CustomStringConvertible {
    public let result: ValidationResult
    public var description: String { "\(result.config.file): invalid; run 'tlrun validate \(result.config.file)' for the problems" }
}

import Foundation
import TLConfig
import TLData
import TLEngine
import TLIO
import TLONNX
import TLRunner

/// How tlrun words a failure for a person: the facts the error carries, then what to do about it. Commands and
/// flags are named here, never in the libraries.
enum ErrorText {
    /// The message for `error`: its facts, followed by advice where tlrun has some.
    static func message(for error: Error) -> String {
        switch error {
        case let error as RunError: return advice(for: error).map { "\(error); \($0)" } ?? "\(error)"
        case DataError.datasetFile(_, _, _, hint: nil):
            return "\(error); `tlrun schema --format markdown` lists the keys"
        case let error as AdviseError: return "\(error); " + advice(for: error)
        case ONNXError.layerNeedsOpset(_, _, let opset): return "\(error); export with --opset \(opset) or later"
        default: return "\(error)"
        }
    }

    /// True for the failures tlrun's libraries report (as opposed to the argument parser's).
    static func isLibraryError(_ error: Error) -> Bool {
        error is RunError || error is AdviseError || error is EngineError || error is DataError
            || error is WeightsFileError || error is YAMLError || error is ONNXError
    }

    /// What a person can do when advise cannot measure.
    static func advice(for error: AdviseError) -> String {
        switch error {
        case .unknownCut: return "give --cuts one or more of those names, separated by commas, or --cuts all"
        case .noCutPoints: return "there is nothing to choose between; train the pipeline as it is with 'tlrun run'"
        case .tooFewImages: return "give the training split more images (dataset.train)"
        case .noSourceNetwork: return "run 'tlrun validate' on the pipeline"
        case .oneClass: return "give the training data at least two classes (dataset.path, dataset.classes)"
        case .nonFiniteFeatures(_, _, _, _, _, _, let finiteBefore):
            return finiteBefore.map {
                "give --cuts the cuts up to '\($0)' to score those, or check the source weights of the layers after it"
            }
                ?? "check the source weights and the images"
        case .measureFailed: return "give --cuts the other cuts to score those"
        }
    }

    /// What a person can do about a failed run, resume, prediction or run record.
    static func advice(for error: RunError) -> String? {
        switch error {
        case .pipelineInvalid(let result): return "run 'tlrun validate \(result.config.file)' for the problems"
        case .notARunFolder: return "give a run folder, e.g. one 'tlrun runs' lists"
        case .notARegularFile: return "remove what is there or give the path of a regular file"
        case .outputIsInput: return "write to another file name"
        case .notAModelFile(let path, _):
            return "train it with 'tlrun run \(path)', then export the run folder it prints"
        case .unreadableRecord: return "give a folder written by 'tlrun run'"
        case .unfinishedRun(let folder): return "resume it with 'tlrun resume \(folder)'"
        case .notAModel: return "give a model.safetensors written by 'tlrun run', or its run folder"
        case .notACheckpoint: return "resume a run folder written by 'tlrun run'"
        case .checkpointTensorType: return "start the run again"
        case .unreadableCheckpoint(_, _, let pipelineFile):
            return "start the run again with 'tlrun run \(pipelineFile)'"
        case .cannotWrite: return "free disk space or make the folder writable; earlier files of the run are intact"
        case .cannotCreateFolder: return "set output.dir to a writable folder"
        case .outsideOutputFolder(let path, _, _): return "remove or rename \(path), or give the pipeline another name"
        case .runLocked: return "wait for that process to finish, or stop it"
        case .checkpointDigestMismatch(_, _, _): return "restore the file, or start the run again"
        case .checkpointPastEpochs(_, let epoch, _, let pipelineFile):
            return
                "set train.epochs to \(epoch) or more and resume, or start a new run with 'tlrun run \(pipelineFile)'"
        case .alreadyFinished(_, let pipelineFile): return "start a new run with 'tlrun run \(pipelineFile)'"
        case .pipelineChanged: return "start a new run with 'tlrun run', or resume anyway with --force"
        case .sourceNotTrained: return "run this pipeline with 'tlrun run', which trains that one first"
        case .predictionNeedsRun: return "predict with a run folder of that pipeline instead"
        case .sourceCycle: return "break the cycle"
        case .sourceInterrupted(_, let folder): return "resume it with 'tlrun resume \(folder)'"
        case .modelMismatch: return "export the model again with this version of tlrun"
        case .modelTensorShape: return "export the model again from its run, or train it again"
        case .trainingNotFinite(let step):
            return "lower the learning rate (optimizer.lr is \(step.learningRate)"
                + (step.scheduledRate == step.learningRate
                    ? "" : ", \(step.scheduledRate) in epoch \(step.epoch) by the schedule")
                + ") or set train.grad_clip, and run the pipeline again"
                + (step.epochsDone > 0
                    ? ", or continue the failed run from its checkpoint with 'tlrun resume --force RUN_FOLDER' after the change"
                    : "")
        case .nonFiniteFeatures(let layer, _, _, _, _):
            return "check the source weights of the frozen layers up to '\(layer)', and that image"
        case .nonFiniteWeights:
            return
                "use weights saved before training diverged, or repair the file; 'tlrun run' and 'tlrun resume' load them anyway "
                + "with --allow-non-finite-weights (and warn)"
        case .batchNotDivisible(let batchSize, let processes, _):
            return
                "set train.batch_size to a multiple of \(processes) (for example --set train.batch_size=\((batchSize + processes - 1) / processes * processes)) or run another number of processes"
        case .processCountChanged(let folder, let started, _):
            return started == 1
                ? "resume it without mpirun: 'tlrun resume \(folder)'"
                : "resume with 'mpirun -np \(started) tlrun resume \(folder)'"
        }
    }
}

/// Reports `error` on standard error: an invalid pipeline with its diagnostics, anything else as one `error:` line.
func report(_ error: Error) {
    if case .pipelineInvalid(let result) = error as? RunError {
        reportInvalid(result.diagnostics, file: result.config.file, consequence: "nothing was run")
        return
    }
    emitError(ErrorText.message(for: error))
}

/// Reports an invalid pipeline or data set file on standard error: its diagnostics, then what was not done.
func reportInvalid(_ diagnostics: [Diagnostic], file: String, consequence: String) {
    var renderer = DiagnosticRenderer()
    FileHandle.standardError.write(Data(renderer.render(diagnostics, format: .text).utf8))
    FileHandle.standardError.write(
        Data("\(file): invalid; \(consequence) (run 'tlrun validate \(file)' for the problems)\n".utf8))
}

import TLGraph

/// What stops a run, a resume, a prediction or the reading of a run record, with the paths and values involved.
/// `description` states the facts; the `tlrun` executable words them for a person with what to do next.
public enum RunError: Error, CustomStringConvertible {
    /// The pipeline did not validate; its diagnostics say why.
    case pipelineInvalid(ValidationResult)
    /// A folder holds no `run.json`.
    case notARunFolder(path: String)
    /// Something other than a regular file (a folder, a FIFO, a device) where tlrun reads a file.
    case notARegularFile(path: String, kind: String)
    /// A command's output names a file the command reads (`input`), which writing would replace.
    case outputIsInput(output: String, input: String)
    /// A file given where a model is expected is something else (`what`, e.g. "a pipeline file (YAML)").
    case notAModelFile(path: String, what: String)
    /// A run record is missing or is not readable JSON.
    case unreadableRecord(path: String, reason: String)
    /// A run has no `summary.json`: it did not finish.
    case unfinishedRun(folder: String)
    /// A safetensors file lacks the metadata of a model tlrun exported.
    case notAModel(path: String)
    /// A file is not a tlrun training checkpoint.
    case notACheckpoint(path: String)
    /// A checkpoint tensor is stored in a type other than float32 (the file was changed or damaged).
    case checkpointTensorType(path: String, tensor: String, storedType: String)
    /// A resume could not read the run's checkpoint.
    case unreadableCheckpoint(path: String, reason: String, pipelineFile: String)
    /// Writing a file of the run failed.
    case cannotWrite(path: String, reason: String)
    /// Creating a run folder failed.
    case cannotCreateFolder(path: String, reason: String)
    /// A run folder that would not lie inside the output folder (a name with a path in it, or a link leading out).
    case outsideOutputFolder(path: String, outputDir: String, reason: String)
    /// Another process runs or resumes the run in `folder` (its `run.lock` names it).
    case runLocked(folder: String, pid: Int32, host: String)
    /// A checkpoint whose bytes are not those tlrun recorded when it wrote them.
    case checkpointDigestMismatch(path: String, recorded: String, found: String)
    /// A checkpoint further along than the pipeline's `train.epochs` (lowered since, and resumed with --force).
    case checkpointPastEpochs(path: String, epoch: Int, epochs: Int, pipelineFile: String)
    /// A resume was asked of a run that already finished.
    case alreadyFinished(folder: String, pipelineFile: String)
    /// The pipeline file changed since the run started, and the resume was not forced.
    case pipelineChanged(pipelinePath: String)
    /// The pipeline trains on weights from another pipeline's run, and none was given.
    case sourceNotTrained(pipeline: String, sourcePipeline: String)
    /// A prediction was asked of a pipeline whose source weights come from another pipeline.
    case predictionNeedsRun(pipeline: String, sourcePipeline: String)
    /// Pipelines take their source weights from each other, in this order.
    case sourceCycle([String])
    /// A source pipeline's run stopped before it finished.
    case sourceInterrupted(pipeline: String, folder: String)
    /// A model's stored pipeline does not rebuild a network with the model's number of outputs.
    case modelMismatch(path: String, classes: Int)
    /// A model's tensor stored at another shape than its network needs (a transposed or reshaped tensor).
    case modelTensorShape(path: String, tensor: String, stored: [Int], expected: [Int])
    /// The training loss or gradient norm stopped being a finite number.
    case trainingNotFinite(NonFiniteStep)
    /// The feature cache's features after `layer` hold NaN or infinite values (`counts`) in `images` images of `split`.
    case nonFiniteFeatures(layer: String, split: String, counts: String, images: Int, firstImage: String)
    /// Weights to load hold NaN or infinite values (every such tensor, with its counts), and loading them was not allowed.
    case nonFiniteWeights(file: String, tensors: [NonFiniteCount])
    /// Data-parallel training cannot split the batch evenly across the processes.
    case batchNotDivisible(batchSize: Int, processes: Int, pipelineFile: String)
    /// A data-parallel run resumed under another number of processes than it started with.
    case processCountChanged(folder: String, started: Int, now: Int)

    public var description: String {
        switch self {
        case .pipelineInvalid(let result): return "\(result.config.file): the pipeline is invalid"
        case .notARunFolder(let path): return "\(path): no run record here"
        case .notARegularFile(let path, let kind): return "\(path): is \(kind), not a regular file"
        case .outputIsInput(let output, let input):
            return "\(output): this is \(input), which the command reads; writing it would replace that file"
        case .notAModelFile(let path, let what):
            return
                "\(path) is \(what), not a model; expected a model.safetensors written by a run, or the run folder holding one"
        case .unreadableRecord(let path, let reason): return "\(path): not a readable run record (\(reason))"
        case .unfinishedRun(let folder): return "\(folder)/summary.json: the run has no summary (it did not finish)"
        case .notAModel(let path): return "\(path) has no tlrun model metadata (pipeline, class names, input)"
        case .notACheckpoint(let path): return "\(path) is not a tlrun checkpoint"
        case .checkpointTensorType(let path, let tensor, let type):
            return "\(path): tensor '\(tensor)' is stored as \(type); tlrun's checkpoints hold float32 only, "
                + "so the file was changed or damaged"
        case .unreadableCheckpoint(let path, let reason, _): return "\(path): the checkpoint cannot be read: \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .cannotCreateFolder(let path, let reason): return "cannot create the run folder \(path): \(reason)"
        case .outsideOutputFolder(let path, let outputDir, let reason):
            return "refusing to write the run folder \(path): \(reason), and runs are written only inside the output "
                + "folder \(outputDir) (give the pipeline a plain name, or remove the link)"
        case .runLocked(let folder, let pid, let host):
            return
                "\(folder): the run is in use by process \(pid) on \(host) (\(RunFileName.lock.path(in: folder))); one process at a time may train a run"
        case .checkpointDigestMismatch(let path, let recorded, let found):
            return
                "\(path): the checkpoint's SHA-256 is \(found), but run.json recorded \(recorded) when it was written, "
                + "so the file was changed or damaged since"
        case .checkpointPastEpochs(let path, let epoch, let epochs, _):
            return "\(path): the checkpoint is already at epoch \(epoch), past the pipeline's train.epochs \(epochs), "
                + "so there is nothing left to train to that count"
        case .alreadyFinished(let folder, _): return "\(folder): the run already finished"
        case .pipelineChanged(let path):
            return "\(path) changed since the run started, so resuming would not finish the same run"
        case .sourceNotTrained(_, let source), .predictionNeedsRun(_, let source):
            return "the source weights come from the pipeline '\(source)'"
        case .sourceCycle(let chain):
            return "the pipelines take their source weights from each other: " + chain.joined(separator: " → ")
        case .sourceInterrupted(let pipeline, _): return "the source pipeline \(pipeline) was interrupted"
        case .modelMismatch(let path, let classes):
            return "\(path): the pipeline stored in the model does not rebuild a network with \(classes) outputs"
        case .modelTensorShape(let path, let tensor, let stored, let expected):
            return
                "\(path): tensor '\(tensor)' is stored as \(stored), but the model's network needs \(expected) (the file was changed or damaged)"
        case .trainingNotFinite(let step): return step.text
        case .nonFiniteFeatures(let layer, let split, let counts, let images, let firstImage):
            return
                "the frozen features after '\(layer)' (the feature cache) hold \(counts) in \(images) \(split) image\(images == 1 ? "" : "s"), "
                + "first \(firstImage); training on them would give a NaN loss"
        case .nonFiniteWeights(let file, let tensors):
            return
                "\(file): \(tensors.count) tensor\(tensors.count == 1 ? " holds" : "s hold") NaN or infinite values: "
                + tensors.prefix(8).map(\.text).joined(separator: ", ")
                + (tensors.count > 8 ? " and \(tensors.count - 8) more" : "")
                + "; a network computed from them gives NaN or meaningless results"
        case .batchNotDivisible(let batchSize, let processes, let file):
            return
                "\(file): train.batch_size \(batchSize) does not split evenly across \(processes) processes (it is the global batch; each process takes an equal share)"
        case .processCountChanged(let folder, let started, let now):
            return
                "\(folder): the run trained on \(started) process\(started == 1 ? "" : "es") and is resumed on \(now); the batches would be split differently"
        }
    }
}

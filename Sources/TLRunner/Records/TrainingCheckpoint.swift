import Foundation
import TLEngine
import TLIO

/// `checkpoint.safetensors`: everything a run needs to continue exactly, in one file written atomically: every
/// network tensor, the optimizer state by parameter name (`optimizer/...`), the weights `best_metric` chose
/// (`best/...`), and the training state (epochs, the position inside an interrupted epoch, early stopping) as
/// metadata. Schedule position, data order and dropout masks follow from the epoch and batch numbers.
public struct TrainingCheckpoint {
    public var state: TrainingState
    /// The network's tensors.
    public var weights: [StoredTensor]
    public var optimizerState: [(name: String, values: [Float])]
    public var bestWeights: [String: [Float]]?

    private static let format = "tlrun-checkpoint-1"

    /// The checkpoint of `trainer` after `state`.
    public init(trainer: Trainer, state: TrainingState) {
        self.state = state
        weights = trainer.store.parameters.map {
            StoredTensor(name: $0.name, shape: $0.shape, values: .float32($0.value.array))
        }
        optimizerState = trainer.optimizer?.stateTensors() ?? []
        bestWeights = trainer.bestWeights
    }

    /// Writes the checkpoint to `path` (temporary file, fsync, rename, fsync of the folder); returns the SHA-256 of
    /// the bytes written, which `run.json` records so that a resume can tell a changed or damaged checkpoint.
    @discardableResult
    public func write(to output: OutputPath) throws -> String {
        var tensors = weights
        tensors += optimizerState.map {
            StoredTensor(name: "optimizer/" + $0.name, shape: [$0.values.count], values: .float32($0.values))
        }
        tensors += (bestWeights ?? [:]).sorted { $0.key < $1.key }.map {
            StoredTensor(name: "best/" + $0.key, shape: [$0.value.count], values: .float32($0.value))
        }
        let stateJSON = String(decoding: try RunFiles.encoder(pretty: false).encode(state), as: UTF8.self)
        let bytes = try Safetensors.encode(tensors, metadata: ["format": Self.format, "state": stateJSON])
        try RunFiles.write(bytes, to: output)
        return Digest.hex(bytes)
    }

    /// Reads a checkpoint written by `write`.
    public static func read(path: String) throws -> TrainingCheckpoint {
        let file = try Safetensors.read(path: path)
        guard file.metadata["format"] == format, let stateText = file.metadata["state"] else {
            throw RunError.notACheckpoint(path: path)
        }
        let state = try RunFiles.decoder().decode(TrainingState.self, from: Data(stateText.utf8))
        var weights: [StoredTensor] = [], best: [String: [Float]] = [:]
        var optimizer: [(name: String, values: [Float])] = []
        for tensor in file.tensors {
            guard case .float32(let values) = tensor.values else {
                throw RunError.checkpointTensorType(path: path, tensor: tensor.name, storedType: "\(tensor.storedType)")
            }
            if tensor.name.hasPrefix("optimizer/") {
                optimizer.append((String(tensor.name.dropFirst(10)), values))
            } else if tensor.name.hasPrefix("best/") {
                best[String(tensor.name.dropFirst(5))] = values
            } else {
                weights.append(tensor)
            }
        }
        return TrainingCheckpoint(
            state: state, weights: weights, optimizerState: optimizer, bestWeights: best.isEmpty ? nil : best)
    }

    /// The checkpoint of the run `manifest` describes, at `path`, for a resume: nil when the run has none; refused
    /// when its bytes are not the ones `run.json` recorded (`RunError.checkpointDigestMismatch`) or cannot be read.
    static func resumable(at path: String, of manifest: RunManifest) throws -> TrainingCheckpoint? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        if let recorded = manifest.checkpointSha256, let found = Digest.file(path), found != recorded {
            throw RunError.checkpointDigestMismatch(path: path, recorded: recorded, found: found)
        }
        do {
            return try read(path: path)
        } catch let error as WeightsFileError {
            throw RunError.unreadableCheckpoint(path: path, reason: error.message, pipelineFile: manifest.pipelineFile)
        } catch {
            throw RunError.unreadableCheckpoint(path: path, reason: "\(error)", pipelineFile: manifest.pipelineFile)
        }
    }

    private init(
        state: TrainingState, weights: [StoredTensor], optimizerState: [(name: String, values: [Float])],
        bestWeights: [String: [Float]]?
    ) {
        self.state = state
        self.weights = weights
        self.optimizerState = optimizerState
        self.bestWeights = bestWeights
    }

    /// Puts the weights (through the same checked loader as source weights: every tensor the network needs, at
    /// its shape) and the chosen best weights back into `trainer`, read from `file`. A layer the checkpoint predates
    /// (the pipeline gained it, resumed with --force) is an error naming its tensors unless `initializeNewLayers`;
    /// then it keeps its initialisation and the report lists it. NaN or infinite weights are refused unless `allowNonFinite`.
    public func restore(
        into trainer: Trainer, from file: String, initializeNewLayers: Bool, allowNonFinite: Bool = false
    ) throws -> LoadReport {
        let report = try WeightLoader.load(
            weights, from: file, into: trainer.store, graph: trainer.graph, fresh: [],
            initializeMissing: initializeNewLayers, allowNonFinite: allowNonFinite)
        trainer.bestWeights = bestWeights
        return report
    }
}

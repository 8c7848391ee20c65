import Foundation
import TLEngine
import TLIO

/// `checkpoint.safetensors`: everything a run needs to continue exactly, in one file written atomically: every
/// network tensor, the optimizer state by parameter name (`optimizer/...`), the weights `best_metric` chose
/// (`best/...`), and the training state (epochs, the position inside an interrupted epoch, early stopping) as
/// metadata. Schedule position, data order and dropout masks follow from the epoch and batch numbers.
public struct TrainingCheckpoint {
    public var state: TrainingState
    public var weights: [String: [Float]]
    public var optimizerState: [(name: String, values: [Float])]
    public var bestWeights: [String: [Float]]?

    private static let format = "tlrun-checkpoint-1"

    /// The checkpoint of `trainer` after `state`.
    public init(trainer: Trainer, state: TrainingState) {
        self.state = state
        weights = Dictionary(uniqueKeysWithValues: trainer.store.parameters.map { ($0.name, $0.value.array) })
        optimizerState = trainer.optimizer?.stateTensors() ?? []
        bestWeights = trainer.bestWeights
    }

    /// Writes the checkpoint to `path` (temporary file, fsync, rename, fsync of the folder).
    public func write(to path: String, store: ParameterStore) throws {
        var tensors = store.parameters.map { StoredTensor(name: $0.name, shape: $0.shape, values: .float32(weights[$0.name] ?? $0.value.array)) }
        tensors += optimizerState.map { StoredTensor(name: "optimizer/" + $0.name, shape: [$0.values.count], values: .float32($0.values)) }
        tensors += (bestWeights ?? [:]).sorted { $0.key < $1.key }.map {
            StoredTensor(name: "best/" + $0.key, shape: [$0.value.count], values: .float32($0.value))
        }
        let stateJSON = String(decoding: try RunFiles.encoder(pretty: false).encode(state), as: UTF8.self)
        try RunFiles.write(try Safetensors.encode(tensors, metadata: ["format": Self.format, "state": stateJSON]), to: path)
    }

    /// Reads a checkpoint written by `write`.
    public static func read(path: String) throws -> TrainingCheckpoint {
        let file = try Safetensors.read(path: path)
        guard file.metadata["format"] == format, let stateText = file.metadata["state"] else {
            throw RunRecordError("\(path) is not a tlrun checkpoint", fix: "resume a run folder written by 'tlrun run'")
        }
        let state = try RunFiles.decoder().decode(TrainingState.self, from: Data(stateText.utf8))
        var weights: [String: [Float]] = [:], best: [String: [Float]] = [:]
        var optimizer: [(name: String, values: [Float])] = []
        for tensor in file.tensors {
            guard case .float32(let values) = tensor.values else { continue }
            if tensor.name.hasPrefix("optimizer/") { optimizer.append((String(tensor.name.dropFirst(10)), values)) }
            else if tensor.name.hasPrefix("best/") { best[String(tensor.name.dropFirst(5))] = values }
            else { weights[tensor.name] = values }
        }
        return TrainingCheckpoint(state: state, weights: weights, optimizerState: optimizer, bestWeights: best.isEmpty ? nil : best)
    }

    private init(state: TrainingState, weights: [String: [Float]], optimizerState: [(name: String, values: [Float])],
                 bestWeights: [String: [Float]]?) {
        self.state = state
        self.weights = weights
        self.optimizerState = optimizerState
        self.bestWeights = bestWeights
    }

    /// Puts the weights and the chosen best weights back into `trainer`.
    public func restore(into trainer: Trainer) throws {
        for (name, values) in weights { try trainer.store.set(name, values: values) }
        trainer.bestWeights = bestWeights
    }
}

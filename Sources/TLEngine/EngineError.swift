/// A problem compiling or running a network, with the names and sizes involved.
public enum EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A device this build cannot use, and the ones it can.
    case deviceUnavailable(String, available: [String])
    /// The network's shapes do not work out for its input (the shape problems' messages).
    case networkDoesNotFit(input: String, problems: [String])
    /// The network does not end in N×classes logits.
    case notLogits(outputDims: [Int])
    /// A layer whose type has no kernel view in the engine.
    case noKernelView(kind: String, layer: String)
    /// Shape inference gave no output shape for a layer.
    case noInferredShape(layer: String)
    /// The network has no tensor of this name.
    case missingTensor(String)
    /// Values given for a tensor have the wrong count.
    case countMismatch(tensor: String, expected: Int, got: Int)
    /// Saved optimizer state for a parameter has the wrong count.
    case optimizerStateCount(String, expected: Int, got: Int)
    /// Optimizer state whose name belongs to no trained parameter.
    case unknownOptimizerState(String)
    /// A value of a rank the engine's kernels do not take.
    case unsupportedRank(Int)
    /// Convolution weights larger than the scratch reserved for them.
    case weightsScratchTooSmall(needed: Int, reserved: Int)
    /// The system refused memory the engine asked for (`purpose` says what it was for).
    case outOfMemory(bytes: Int, purpose: String)
    /// oneDNN refused a call, or offered no implementation; a defect in tlrun's use of oneDNN.
    case oneDNN(call: String, status: Int32?)

    public var description: String {
        switch self {
        case .deviceUnavailable(let device, let available):
            return "device '\(device)' is not available: this build of tlrun has no CUDA backend; available: "
                + available.joined(separator: ", ") + " (use device: cpu or auto)"
        case .networkDoesNotFit(let input, let problems):
            return "the network does not fit its input \(input): " + problems.joined(separator: "; ")
        case .notLogits(let dims): return "the network must end in N×classes logits, it ends in \(dims)"
        case .noKernelView(let kind, let layer): return "layer type \(kind) of '\(layer)' has no kernel view"
        case .noInferredShape(let layer): return "no inferred shape for layer '\(layer)'"
        case .missingTensor(let name): return "the network has no tensor '\(name)'"
        case .countMismatch(let tensor, let expected, let got):
            return "'\(tensor)' has \(expected) elements, the values given have \(got)"
        case .optimizerStateCount(let name, let expected, let got):
            return "optimizer state '\(name)' has \(got) values, the parameter has \(expected)"
        case .unknownOptimizerState(let name): return "optimizer state '\(name)' belongs to no trained parameter"
        case .unsupportedRank(let rank): return "tensors of rank \(rank) are not supported"
        case .weightsScratchTooSmall(let needed, let reserved):
            return "convolution weights need \(needed) bytes of scratch, \(reserved) reserved"
        case .outOfMemory(let bytes, let purpose):
            return "out of memory: the system refused \(bytes) bytes for \(purpose); lower train.batch_size or the "
                + "input size, or free memory on this machine"
        case .oneDNN(let call, let status):
            let outcome = status.map { "failed (status \($0))" } ?? "offers no implementation"
            return "oneDNN \(call) \(outcome); this is a bug in tlrun's use of oneDNN"
        }
    }
}

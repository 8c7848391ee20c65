import ArgumentParser
import TLConfig
import TLGraph
import TLIO
import TLRunner

/// Options that say which tensors of a checkpoint to read.
struct CheckpointOptions: ParsableArguments {
    @Option(
        help:
            "For a nested PyTorch checkpoint: the entry that holds the tensors (default: state_dict, model_state_dict or model)."
    )
    var key: String?

    @Option(help: "Remove this prefix from every tensor name (e.g. module. from DataParallel).")
    var stripPrefix: String?

    /// The tensors of `file`, or exit 1 with the reader's message.
    func read(_ file: String) throws -> [StoredTensor] {
        do {
            return try WeightsFile.read(path: file, key: key, stripPrefix: stripPrefix)
        } catch let error as WeightsFileError {
            report(error)
            throw ExitCode(1)
        }
    }
}

/// `tlrun inspect-weights FILE`: names, dtypes, shapes and totals of a weights file.
struct InspectWeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect-weights",
        abstract: "List the tensors of a .safetensors or PyTorch .pth file: names, dtypes, shapes, totals."
    )

    @Argument(help: "A .safetensors, .pth or .pt file.")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: TableFormat = .text

    @OptionGroup var checkpoint: CheckpointOptions

    func run() throws {
        let tensors = try checkpoint.read(file)
        func dtype(_ tensor: StoredTensor) -> String { tensor.storedType }
        let elements = tensors.reduce(0) { $0 + $1.elementCount }
        let floats = tensors.filter(\.isFloatingPoint).reduce(0) { $0 + $1.elementCount }
        switch format {
        case .json:
            emit(
                JSONValue.object([
                    ("file", .string(file)),
                    (
                        "tensors",
                        .array(
                            tensors.map { tensor in
                                .object([
                                    ("name", .string(tensor.name)), ("dtype", .string(dtype(tensor))),
                                    ("shape", .array(tensor.shape.map(JSONValue.int))),
                                    ("elements", .int(tensor.elementCount)),
                                ])
                            })
                    ),
                    ("total_elements", .int(elements)), ("float_elements", .int(floats)),
                ]).rendered() + "\n")
        case .text:
            emit(
                SummaryText.table(
                    [["tensor", "dtype", "shape", "elements"]]
                        + tensors.map { tensor in
                            [
                                tensor.name, dtype(tensor),
                                tensor.shape.isEmpty ? "scalar" : tensor.shape.map(String.init).joined(separator: "×"),
                                SummaryText.grouped(tensor.elementCount),
                            ]
                        }))
            emit(
                "\n\(tensors.count) tensors, \(SummaryText.grouped(elements)) elements (\(SummaryText.grouped(floats)) floating point)\n"
            )
        }
    }
}

/// `tlrun convert IN OUT.safetensors`: a PyTorch checkpoint (or safetensors file) as safetensors, names kept.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract:
            "Convert a PyTorch .pth/.pt checkpoint (or a .safetensors file) to .safetensors, keeping tensor names."
    )

    @Argument(help: "The file to read.")
    var input: String

    @Argument(help: "The .safetensors file to write (written atomically).")
    var output: String

    @OptionGroup var checkpoint: CheckpointOptions

    func validate() throws {
        guard output.hasSuffix(".safetensors") else {
            throw ValidationError("the output must be a .safetensors file, got '\(output)'")
        }
    }

    func run() throws {
        do {
            try OverwriteGuard.refuse(output: output, inputs: [input])
        } catch {
            report(error)
            throw ExitCode(1)
        }
        let tensors = try checkpoint.read(input)
        do {
            try Safetensors.write(tensors, metadata: ["format": "pt", "converted_from": input], to: output)
        } catch let error as WeightsFileError {
            report(error)
            throw ExitCode(1)
        }
        emit("wrote \(tensors.count) tensors to \(output)\n")
    }
}

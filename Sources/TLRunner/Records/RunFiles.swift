import Foundation
import TLFiles
import TLIO

/// Writes a run folder's files: atomically (a reader sees the old or the new file, never half of one), with
/// errors that name the file (`RunError`).
public enum RunFiles {
    /// Writes `data` to `output` (through a temporary file renamed over it, so a link at that name is replaced, not
    /// followed).
    public static func write(_ data: Data, to output: OutputPath) throws {
        do {
            try AtomicFileWriter.write(data, to: output.path)
        } catch {
            throw RunError.cannotWrite(path: output.path, reason: "\(error)")
        }
    }

    /// Writes `text` to `output`.
    public static func write(_ text: String, to output: OutputPath) throws { try write(Data(text.utf8), to: output) }

    /// Writes `value` as pretty JSON with sorted keys and snake_case names.
    public static func writeJSON<Value: Encodable>(_ value: Value, to output: OutputPath) throws {
        try write(try encoder().encode(value) + Data("\n".utf8), to: output)
    }

    /// The JSON encoder of run records: sorted keys, snake_case, non-finite numbers as strings.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The matching decoder.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// The JSON file at `path` decoded as `Value`; `missing` is the error when there is no such file.
    public static func readJSON<Value: Decodable>(_ type: Value.Type, from path: String, missing: RunError) throws
        -> Value
    {
        guard let data = try contents(of: path) else { throw missing }
        do {
            return try decoder().decode(Value.self, from: data)
        } catch {
            throw RunError.unreadableRecord(path: path, reason: "\(error)")
        }
    }

    /// The bytes of the file at `path`, nil when there is none or it cannot be read; throws `RunError.notARegularFile`
    /// for a folder, a FIFO or a device there, before opening it (a FIFO would wait for a writer).
    public static func contents(of path: String) throws -> Data? {
        if let kind = RegularFile.irregularKind(at: path) {
            throw RunError.notARegularFile(path: path, kind: kind.phrase)
        }
        return FileManager.default.contents(atPath: path)
    }

    /// Creates `folder` and its parents.
    public static func makeFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw RunError.cannotCreateFolder(path: folder, reason: error.localizedDescription)
        }
    }
}

import Foundation
import TLData
import TLIO

/// The reference tensors and checkpoints under `Tests/Fixtures/`, made by the project's own generator.
public enum Fixtures {
    /// The folder that holds the fixtures.
    public static let folder = repositoryRoot + "/Tests/Fixtures"

    /// The command that makes every fixture anew.
    public static let regenerateCommand = "python3 Tests/Fixtures/make_fixtures.py"

    /// The resnet-mini network of `resnet_mini.*` in the layer language (an inline `model:` list, one entry per line),
    /// for input [3, 32, 32] and 5 classes.
    public static let resnetMiniModel = """
        - {op: conv2d, name: conv1, out_channels: 8, kernel_size: 7, stride: 2, padding: 3, bias: false}
        - {op: batchnorm2d, name: bn1}
        - {op: relu, name: relu}
        - {op: maxpool2d, name: maxpool, kernel_size: 3, stride: 2, padding: 1}
        - {op: basic_block, name: layer1.0, out_channels: 8}
        - {op: basic_block, name: layer2.0, out_channels: 16, stride: 2}
        - {op: basic_block, name: layer3.0, out_channels: 32, stride: 2}
        - {op: basic_block, name: layer4.0, out_channels: 64, stride: 2}
        - {op: adaptive_avgpool2d, name: avgpool, output_size: 1}
        - {op: flatten, name: flatten}
        - {op: linear, name: fc, out_features: 5}
        """

    /// The path of fixture `name`, after checking that it is a readable file.
    public static func path(_ name: String) throws -> String {
        let path = folder + "/" + name
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            FileManager.default.isReadableFile(atPath: path)
        else {
            throw FixtureUnavailable(name: name, reason: "the file is missing or unreadable")
        }
        return path
    }

    /// Every tensor of the safetensors fixture `name`, by tensor name.
    public static func tensors(_ name: String) throws -> [String: StoredTensor] {
        let file: SafetensorsFile
        do {
            file = try Safetensors.read(path: try path(name))
        } catch let error as FixtureUnavailable {
            throw error
        } catch {
            throw FixtureUnavailable(name: name, reason: "\(error)")
        }
        return Dictionary(file.tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A fixture that cannot be used: names the file, why, and how to make it again.
public struct FixtureUnavailable: Error, CustomStringConvertible {
    /// The fixture's file name under `Tests/Fixtures/`.
    public let name: String
    /// What is wrong with it.
    public let reason: String

    public var description: String {
        "Tests/Fixtures/\(name): \(reason). Regenerate the fixtures with `\(Fixtures.regenerateCommand)` "
            + "(see Tests/Fixtures/README.md)."
    }
}

/// The channel counts of the four stages of the fixtures' small ResNet (`resnet_mini.*`).
public let resnetMiniWidths = [8, 16, 32, 64]

/// The `name -> shape` list of a `*.state_dict_shapes.json` fixture, in file order (JSONSerialization does not keep
/// key order, so the keys are read from the lines, one key per line).
public func fixtureShapes(_ name: String) throws -> [(String, [Int])] {
    let file = try Fixtures.path("\(name).state_dict_shapes.json.gz")
    let compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
    let text = String(decoding: try Gzip.inflate(compressed, file: file), as: UTF8.self)
    let dictionary = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: [Int]]
    let keys = text.split(separator: "\n").compactMap { line -> String? in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else { return nil }
        return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
    }
    return keys.map { ($0, dictionary[$0]!) }
}

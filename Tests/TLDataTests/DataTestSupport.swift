import Foundation
import TLConfig
@_exported import TLTestSupport

@testable import TLData

/// Writes `bytes` to `path`, creating folders.
func write(_ bytes: [UInt8], to path: String) {
    try? FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// A small gray PNG whose pixels encode `value`.
func tinyPNG(_ value: Int, size: Int = 8, channels: Int = 1) -> [UInt8] {
    PNGEncoder.encode(
        Image(
            width: size, height: size, channels: channels,
            pixels: (0..<(size * size * channels)).map { UInt8(truncatingIfNeeded: $0 * 3 + value) }))
}

/// The spec of a `dataset:` section written as YAML lines (indented under `dataset:`).
func datasetSpec(_ lines: String, in folder: String) throws -> (spec: DatasetSpec, seed: Int) {
    let file = (folder as NSString).appendingPathComponent("data.yaml")
    let body = lines.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    try "dataset:\n\(body)\n".write(toFile: file, atomically: true, encoding: .utf8)
    let read = try DatasetFile.read(file: file)
    return (read.spec, read.seed)
}

/// The index of a dataset section.
func index(_ lines: String, in folder: String = temporaryFolder(), seed: Int = 0) throws -> DatasetIndex {
    try DatasetIndex(spec: datasetSpec(lines, in: folder).spec, seed: seed)
}

/// An ImageFolder tree with `perClass` tiny PNGs in each of `classes`.
func imageFolder(_ root: String, classes: [String], perClass: Int) {
    for (label, name) in classes.enumerated() {
        for i in 0..<perClass {
            write(tinyPNG(label * 50 + i), to: "\(root)/\(name)/img\(String(format: "%03d", i)).png")
        }
    }
}

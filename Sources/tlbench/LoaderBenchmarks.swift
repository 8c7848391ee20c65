import Foundation
import TLData
import TLTransforms

/// The data loader alone: decoding 32x32 PNGs from a class-folder data set with augmentation, batches of 64.
enum LoaderBenchmarks {
    static let all = [
        epoch("loader-png-32", images: 4096), epoch("loader-memory-10k", images: 10_000),
        epoch("loader-memory-100k", images: 100_000),
    ]

    /// One epoch over `images` generated 32x32 RGB PNGs in 10 class folders, random crop (padding 4) and flip,
    /// batches of 64: images/s is the loader's whole-epoch throughput, added RSS what streaming them costs.
    static func epoch(_ name: String, images: Int) -> Benchmark {
        Benchmark(name: name, mode: "load", batch: images, flopsPerRun: 0) { try loader(images: images) }
    }

    private static func loader(images: Int) throws -> () -> Void {
        let folder = NSTemporaryDirectory() + "tlbench-png-" + UUID().uuidString
        TemporaryFolders.removeAtExit(folder)
        var random = SeededGenerator(seed: 7)
        for index in 0..<images {
            let classFolder = "\(folder)/images/class\(index % 10)"
            try FileManager.default.createDirectory(atPath: classFolder, withIntermediateDirectories: true)
            let pixels = (0..<(32 * 32 * 3)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let png = PNGEncoder.encode(Image(width: 32, height: 32, channels: 3, pixels: pixels))
            try Data(png).write(to: URL(fileURLWithPath: "\(classFolder)/\(index).png"))
        }
        try """
        seed: 1
        dataset:
          type: folder
          path: images
          channels: 3
          augment: [{op: random_crop, size: 32, padding: 4}, {op: hflip}]
        """.write(toFile: folder + "/data.yaml", atomically: true, encoding: .utf8)
        let (spec, seed, _) = try DatasetFile.read(file: folder + "/data.yaml")
        let index = try DatasetIndex(spec: spec, seed: seed)
        let loader = try BatchLoader(
            split: index.train, preprocessing: Preprocessing(spec: spec), batchSize: 64, training: true,
            seed: seed, dropLast: true)
        var epoch = 0
        return {
            loader.start(epoch: epoch)
            while (try? loader.nextBatch()) ?? nil != nil {}
            epoch += 1
        }
    }
}

/// Folders the benchmarks generate, removed when the process exits.
enum TemporaryFolders {
    nonisolated(unsafe) private static var folders: [String] = []

    /// Removes `folder` (and what it holds) when the process exits.
    static func removeAtExit(_ folder: String) {
        if folders.isEmpty {
            atexit { for folder in TemporaryFolders.folders { try? FileManager.default.removeItem(atPath: folder) } }
        }
        folders.append(folder)
    }
}

import Foundation
import TLData

/// The data loader alone: decoding 32x32 PNGs from a class-folder data set with augmentation, batches of 64.
enum LoaderBenchmarks {
    static let all = [png32]

    /// `loader-png-32`: one epoch over 4,096 generated 32x32 RGB PNGs in 10 class folders, random crop (padding 4)
    /// and flip, batches of 64 (so images/s is the loader's whole-epoch throughput).
    static let png32 = Benchmark(name: "loader-png-32", mode: "load", batch: 4096, flopsPerRun: 0) {
        let folder = NSTemporaryDirectory() + "tlbench-png-" + UUID().uuidString
        var random = SeededGenerator(seed: 7)
        for index in 0..<4096 {
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
        let loader = try BatchLoader(split: index.train, preprocessing: Preprocessing(spec: spec), batchSize: 64, training: true,
                                     seed: seed, dropLast: true)
        var epoch = 0
        return {
            loader.start(epoch: epoch)
            while (try? loader.nextBatch()) ?? nil != nil {}
            epoch += 1
        }
    }
}

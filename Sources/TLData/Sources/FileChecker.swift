import Foundation

/// Decodes every candidate file once (in parallel) so that the list of good samples is fixed before training.
enum FileChecker {
    /// The candidates that decode with the expected size and channels, and an error for each that does not.
    static func check(_ candidates: [Sample], size: (Int, Int)?, channels: Int?, budget: PixelBudget) -> (good: [Sample], bad: [DataError]) {
        var results = [DataError?](repeating: nil, count: candidates.count)
        results.withUnsafeMutableBufferPointer { slots in
            let out = slots
            DispatchQueue.concurrentPerform(iterations: candidates.count) { i in
                out[i] = problem(with: candidates[i].location, size: size, channels: channels, budget: budget)
            }
        }
        var good: [Sample] = [], bad: [DataError] = []
        for (sample, error) in zip(candidates, results) {
            if let error { bad.append(error) } else { good.append(sample) }
        }
        return (good, bad)
    }

    /// Why the file at `path` is unusable, or nil.
    static func problem(with path: String, size: (Int, Int)?, channels: Int?, budget: PixelBudget) -> DataError? {
        let image: Image
        do {
            image = try ImageDecoder.decodeFile(path, budget: budget)
        } catch let error as DataError {
            return error
        } catch {
            return DataError(file: path, problem: "\(error)", fix: "remove or replace the file")
        }
        if let (height, width) = size, image.height != height || image.width != width {
            return DataError(file: path, problem: "the image is \(image.height)x\(image.width), the data set declares size [\(height), \(width)]",
                             fix: "resize the file, or remove `size` and add a resize transform")
        }
        if let channels, image.channels != storedChannels(channels) {
            return DataError(file: path, problem: "the image has \(image.channels) channel\(image.channels == 1 ? "" : "s"), the data set declares \(channels)",
                             fix: "convert the file, or remove `channels` and add a grayscale or rgb transform")
        }
        return nil
    }

    /// Decoded channels for a declared count (alpha is dropped when decoding).
    static func storedChannels(_ declared: Int) -> Int { declared >= 3 ? 3 : 1 }
}

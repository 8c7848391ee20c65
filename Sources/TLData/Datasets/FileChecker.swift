import Foundation

/// Decodes every candidate file once (in parallel) so that the list of good samples is fixed before training.
enum FileChecker {
    /// The candidates that decode with the expected size and channels, and an error for each that does not.
    static func check(_ candidates: [Sample], size: (Int, Int)?, channels: Int?, budget: PixelBudget) -> (
        good: [Sample], bad: [DataError]
    ) {
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
            return DataError.unusableFile(path: path, reason: "\(error)")
        }
        if let (height, width) = size, image.height != height || image.width != width {
            return DataError.sizeMismatch(
                path: path, height: image.height, width: image.width, declared: (height, width))
        }
        if let channels, image.channels != storedChannels(channels) {
            return DataError.channelMismatch(path: path, channels: image.channels, declared: channels)
        }
        return nil
    }

    /// Decoded channels for a declared count (alpha is dropped when decoding).
    static func storedChannels(_ declared: Int) -> Int { declared >= 3 ? 3 : 1 }
}

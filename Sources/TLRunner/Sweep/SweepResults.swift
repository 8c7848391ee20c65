import Foundation
import TLConfig

/// What a sweep ran and measured (`sweep.json`), and its configurations: the trials grouped by every varied value but
/// the seed, with the mean and spread over seeds.
public struct SweepResults: Codable, Sendable {
    /// How a trial ended.
    public enum Status: String, Codable, Sendable {
        case finished, reused, failed, interrupted
    }

    /// One trial's outcome.
    public struct Trial: Codable, Sendable {
        public var index: Int
        /// The varied values, in `keys` order, as written.
        public var values: [String]
        public var status: Status
        /// The trial's run folder (nil when it failed before it had one).
        public var folder: String?
        public var error: String?
        public var valAccuracy: Double?
        public var testAccuracy: Double?
        public var trainableParameters: Int?
        public var seconds: Double?
        /// True when it took its frozen features from an earlier trial of the same process.
        public var sharedFeatures: Bool?
        /// The machine it ran on, when the sweep ran across processes (`mpirun`).
        public var host: String?
        /// What reruns it alone: `tlrun run <pipeline> --set <override> ...`.
        public var pipeline: String?
        public var overrides: [String]?

        /// A trial not yet ended (recorded as failed until it is), with what reruns it: the sweep's `fixed` overrides then its own.
        init(_ trial: SweepTrial, fixed: [String]) {
            index = trial.index
            values = trial.values.map(\.text)
            status = .failed
            pipeline = trial.pipeline
            overrides = fixed + trial.overrideTexts
        }

        /// Records a run's folder and results.
        mutating func record(folder: String, summary: RunSummary, status: Status) {
            self.folder = folder
            self.status = status
            valAccuracy = summary.val?.accuracy
            testAccuracy = summary.test?.accuracy
            trainableParameters = summary.trainableParameters
            seconds = summary.seconds
        }
    }

    /// One configuration: the trials that differ only in their seed.
    public struct Configuration: Sendable {
        /// The values of `configurationKeys`, in that order.
        public var values: [String]
        public var trials: [Trial]

        /// Mean and sample standard deviation of a trial measure over the trials that have it.
        public func statistics(_ measure: (Trial) -> Double?) -> (mean: Double, spread: Double, count: Int)? {
            let values = trials.compactMap(measure)
            guard !values.isEmpty else { return nil }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance =
                values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) : 0
            return (mean, variance.squareRoot(), values.count)
        }
    }

    public var sweep: String
    public var file: String
    public var pipeline: String
    /// The varied keys, grid first.
    public var keys: [String]
    public var trials: [Trial]
    /// The number of processes the trials were split across (`mpirun -np N`), when more than one.
    public var processes: Int?

    /// The key whose values are the replicates (`seed`), when it is varied.
    public static let seedKey = "seed"

    /// The positions of the keys that tell configurations apart: every key but the seed that takes more than one value.
    private var configurationPositions: [Int] {
        keys.indices.filter { position in
            keys[position] != Self.seedKey && Set(trials.map { $0.values[position] }).count > 1
        }
    }

    /// The keys that tell configurations apart.
    public var configurationKeys: [String] { configurationPositions.map { keys[$0] } }

    /// The keys every trial gives the same value, with that value.
    public var constants: [(key: String, value: String)] {
        guard let first = trials.first else { return [] }
        return keys.indices.filter { position in
            keys[position] != Self.seedKey && !configurationPositions.contains(position)
        }
        .map { (keys[$0], first.values[$0]) }
    }

    /// The trials grouped into configurations, in the order their first trial ran.
    public var configurations: [Configuration] {
        let kept = configurationPositions
        var groups: [Configuration] = []
        for trial in trials {
            let values = kept.map { trial.values[$0] }
            if let index = groups.firstIndex(where: { $0.values == values }) {
                groups[index].trials.append(trial)
            } else {
                groups.append(Configuration(values: values, trials: [trial]))
            }
        }
        return groups
    }

    /// The measure that picks the best: validation accuracy, or test accuracy when no trial validates.
    private var selection: (Trial) -> Double? {
        trials.contains { $0.valAccuracy != nil } ? { $0.valAccuracy } : { $0.testAccuracy }
    }

    /// The configuration with the best mean validation accuracy (test accuracy when no trial validates).
    public var best: Configuration? {
        let measure = selection
        return configurations.max { ($0.statistics(measure)?.mean ?? -1) < ($1.statistics(measure)?.mean ?? -1) }
    }

    /// The run folder of the best configuration's best trial.
    public var bestTrialFolder: String? {
        let measure = selection
        return best?.trials.filter { $0.folder != nil && measure($0) != nil }.max { measure($0)! < measure($1)! }?
            .folder
    }

    /// The sweep recorded in `folder` (its `sweep.json`).
    public static func read(folder: String) throws -> SweepResults {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let path = RunFileName.sweepResults.path(in: folder)
        guard let data = try RunFiles.contents(of: path) else {
            throw RunError.unreadableRecord(path: path, reason: "there is no such file")
        }
        do {
            return try decoder.decode(SweepResults.self, from: data)
        } catch {
            throw RunError.unreadableRecord(path: path, reason: "\(error)")
        }
    }

    /// Every sweep folder under `outputDir` (`<output dir>/<sweep>/<id>/` with a `sweep.json`), oldest first per sweep.
    public static func folders(outputDir: String) -> [String] {
        let manager = FileManager.default
        return ((try? manager.contentsOfDirectory(atPath: outputDir)) ?? []).sorted().flatMap { name -> [String] in
            let parent = outputDir + "/" + name
            return ((try? manager.contentsOfDirectory(atPath: parent)) ?? []).sorted().map { parent + "/" + $0 }
                .filter { manager.fileExists(atPath: RunFileName.sweepResults.path(in: $0)) }
        }
    }
}

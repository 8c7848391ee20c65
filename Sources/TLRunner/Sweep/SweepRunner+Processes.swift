import Foundation
import TLConfig
import TLDistributed

extension SweepRunner {
    /// Splits the trials across the processes of an `mpirun` launch, trial i on rank i mod N. Rank 0 first looks up
    /// finished runs and trains the source pipelines (so that processes sharing its file system find them), then every
    /// process runs its share; the results are gathered on rank 0, which writes the sweep folder.
    func runAcrossProcesses(
        _ trials: [SweepTrial], overrides: [String], tracker: SweepTracker,
        record: ([SweepResults.Trial]) -> Void
    ) throws {
        if group.isLeader {
            log("sweep: \(trials.count) trials across \(group.size) processes")
            for trial in trials where !shouldStop() { _ = lookUpFinished(trial, overrides: overrides) }
        }
        group.barrier()
        let caches = SharedFeatureCaches()
        var own: [SweepResults.Trial] = []
        for trial in trials where trial.index % group.size == group.rank && !shouldStop() {
            own.append(runHere(trial, overrides: overrides, caches: caches, tracker: tracker))
        }
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        let gathered = group.allGather((try? encoder.encode(own)) ?? Data())
        record(gathered.flatMap { (try? decoder.decode([SweepResults.Trial].self, from: $0)) ?? [] })
    }
}
